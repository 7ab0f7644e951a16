from __future__ import annotations

import pytest
from gateway.domain.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    verify_password,
)

pytestmark = pytest.mark.unit


def test_hash_verifies_only_the_right_password() -> None:
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "correct horse battery stapler")
    assert not needs_rehash(hashed)


def test_same_password_hashes_differently() -> None:
    assert hash_password("same password twice") != hash_password("same password twice")


def test_malformed_hash_is_a_mismatch_not_an_error() -> None:
    assert not verify_password("not-a-hash", "whatever password")


def test_burning_time_never_succeeds() -> None:
    burn_verification_time("not a real password, only burns the same time")

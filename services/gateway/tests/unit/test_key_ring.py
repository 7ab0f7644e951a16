"""The access-token key ring (decision 0046): the newest key whose time has come signs and is
named in the header; the key before it is accepted until its last tokens expire, then never."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.exceptions import InvalidTag
from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated
from gateway.adapters.jwt_keys import Sealer
from gateway.domain.key_ring import KeyRing, SigningKey, retired_kids
from gateway.domain.tokens import TokenSigner
from gateway.service_layer.key_ring import KEY_BYTES

pytestmark = pytest.mark.unit

SECRET = "unit-test-secret-of-sufficient-length"
LIFETIME = timedelta(minutes=15)
PRINCIPAL = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({"approver"}))


@dataclass(frozen=True)
class Keys:
    now: datetime
    old: SigningKey
    new: SigningKey  # the old key's successor, signing for five minutes


@pytest.fixture
def k() -> Keys:
    """Keys dated from the test's own start: tokens are checked against the clock."""
    now = datetime.now(UTC)
    old = SigningKey("a" * 16, b"o" * KEY_BYTES, now - timedelta(days=1))
    return Keys(now, old, SigningKey("b" * 16, b"n" * KEY_BYTES, now - timedelta(minutes=5)))


def test_the_newest_key_signs_and_is_named_in_the_header(k: Keys) -> None:
    signer = TokenSigner(KeyRing.of(SECRET, [k.new, k.old]), LIFETIME)
    token = signer.issue(PRINCIPAL, uuid.uuid4()).access_token
    assert jwt.get_unverified_header(token)["kid"] == k.new.kid
    assert signer.read(token).principal == PRINCIPAL
    jwt.decode(token, k.new.secret, algorithms=["HS256"], audience="custody-api")


def test_a_key_not_yet_due_does_not_sign_but_is_already_accepted(k: Keys) -> None:
    due = SigningKey("c" * 16, b"c" * KEY_BYTES, k.now + timedelta(seconds=20))
    ring = KeyRing.of(SECRET, [k.old, due])
    signer = TokenSigner(ring, LIFETIME)
    now = signer.issue(PRINCIPAL, uuid.uuid4(), now=k.now)
    assert jwt.get_unverified_header(now.access_token)["kid"] == k.old.kid
    later = signer.issue(PRINCIPAL, uuid.uuid4(), now=k.now + timedelta(seconds=21))
    assert jwt.get_unverified_header(later.access_token)["kid"] == due.kid
    assert ring.verifying(due.kid, k.now, LIFETIME) == due  # known to every replica first


def test_the_previous_key_is_accepted_for_one_lifetime_then_retired(k: Keys) -> None:
    before = TokenSigner(KeyRing.of(SECRET, [k.old]), LIFETIME)
    issued = before.issue(PRINCIPAL, uuid.uuid4()).access_token  # just before the rotation
    after = TokenSigner(KeyRing.of(SECRET, [k.old, k.new]), LIFETIME)
    assert after.read(issued).principal == PRINCIPAL
    ring = after.ring
    assert ring.verifying(k.old.kid, k.new.signs_from + LIFETIME - timedelta(seconds=1), LIFETIME)
    assert ring.verifying(k.old.kid, k.new.signs_from + LIFETIME, LIFETIME) is None
    assert retired_kids(ring, k.new.signs_from + LIFETIME, LIFETIME) == [k.old.kid]
    assert retired_kids(ring, k.now, LIFETIME) == []


def test_tokens_of_jwt_secret_alone_retire_with_the_first_ring_key(k: Keys) -> None:
    legacy = TokenSigner(KeyRing.of(SECRET, []), LIFETIME)
    token = legacy.issue(PRINCIPAL, uuid.uuid4()).access_token
    assert "kid" not in jwt.get_unverified_header(token)
    assert TokenSigner(KeyRing.of(SECRET, [k.new]), LIFETIME).read(token)  # k.new is 5 min old
    with pytest.raises(Unauthenticated):  # k.old signed for a day: JWT_SECRET is retired
        TokenSigner(KeyRing.of(SECRET, [k.old, k.new]), LIFETIME).read(token)


@pytest.mark.parametrize("kid", ["f" * 16, None])
def test_an_unknown_kid_or_a_forged_secret_is_refused(kid: str | None, k: Keys) -> None:
    signer = TokenSigner(KeyRing.of(SECRET, [k.old, k.new]), LIFETIME)
    claims = {"sub": str(PRINCIPAL.user_id), "aud": "custody-api"}
    forged = jwt.encode(claims, k.new.secret, "HS256", headers={"kid": kid} if kid else None)
    with pytest.raises(Unauthenticated, match="invalid or expired token"):
        signer.read(forged)


def test_a_sealed_key_opens_only_under_its_kid_and_its_jwt_secret() -> None:
    sealed = Sealer(SECRET).seal("k1", b"s" * KEY_BYTES)
    assert Sealer(SECRET).open("k1", sealed) == b"s" * KEY_BYTES
    assert b"s" * KEY_BYTES not in sealed
    for sealer, kid in ((Sealer(SECRET), "k2"), (Sealer("another-secret-of-sufficient-len"), "k1")):
        with pytest.raises(InvalidTag):
            sealer.open(kid, sealed)

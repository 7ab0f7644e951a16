"""The TOTP rules: the window of one step either side, no replay of a used step, recovery
codes good once, and what a session without the required second factor may call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from gateway.domain import mfa, totp

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 7, 12, 0, 10, tzinfo=UTC)
SECRET = totp.new_secret()


def code_at(moment: datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_the_current_code_matches_its_step() -> None:
    step = totp.matching_step(SECRET, code_at(NOW), NOW, None)
    assert step == pyotp.TOTP(SECRET).timecode(NOW)


@pytest.mark.parametrize("offset", [-30, 30])
def test_the_step_either_side_is_taken(offset: int) -> None:
    moment = NOW + timedelta(seconds=offset)
    assert totp.matching_step(SECRET, code_at(moment), NOW, None) is not None


@pytest.mark.parametrize("offset", [-60, 60, 3600])
def test_a_code_further_away_is_refused(offset: int) -> None:
    code = code_at(NOW + timedelta(seconds=offset))
    assert totp.matching_step(SECRET, code, NOW, None) is None


def test_a_used_code_is_not_taken_again_within_its_window() -> None:
    step = totp.matching_step(SECRET, code_at(NOW), NOW, None)
    assert totp.matching_step(SECRET, code_at(NOW), NOW + timedelta(seconds=20), step) is None


def test_an_earlier_code_than_the_last_used_is_refused() -> None:
    later = totp.matching_step(SECRET, code_at(NOW + timedelta(seconds=30)), NOW, None)
    assert totp.matching_step(SECRET, code_at(NOW), NOW, later) is None


def test_the_next_code_after_a_used_one_is_taken() -> None:
    step = totp.matching_step(SECRET, code_at(NOW), NOW, None)
    following = NOW + timedelta(seconds=30)
    assert totp.matching_step(SECRET, code_at(following), following, step) == (step or 0) + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_what_is_not_six_ascii_digits_is_refused(typed: str) -> None:
    assert totp.matching_step(SECRET, typed, NOW, None) is None


def test_a_code_typed_with_a_space_matches() -> None:
    code = code_at(NOW)
    assert totp.matching_step(SECRET, f"{code[:3]} {code[3:]}", NOW, None) is not None


def test_the_provisioning_uri_names_the_issuer_and_the_account() -> None:
    uri = totp.provisioning_uri(SECRET, "ann@example.org")
    assert uri.startswith("otpauth://totp/Custody:ann%40example.org?")
    assert f"secret={SECRET}" in uri and "issuer=Custody" in uri


def test_ten_distinct_recovery_codes() -> None:
    codes = totp.new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)


def test_a_recovery_code_works_once() -> None:
    codes = totp.new_recovery_codes()
    stored = [totp.recovery_digest(code) for code in codes]
    left = totp.without_recovery_code(stored, codes[3])
    assert left is not None and len(left) == 9
    assert totp.without_recovery_code(left, codes[3]) is None


def test_a_recovery_code_is_read_without_case_spaces_or_dashes() -> None:
    code = totp.new_recovery_codes()[0]
    stored = [totp.recovery_digest(code)]
    assert totp.without_recovery_code(stored, f" {code.upper().replace('-', ' ')} ") == []


def test_an_unknown_recovery_code_changes_nothing() -> None:
    stored = [totp.recovery_digest(code) for code in totp.new_recovery_codes()]
    assert totp.without_recovery_code(stored, "aaaaa-aaaaa") is None


@pytest.mark.parametrize(
    ("operation", "requires", "verified", "allowed"),
    [
        ("list_cases", False, False, True),
        ("list_cases", True, True, True),
        ("list_cases", True, False, False),
        ("start_totp_enrolment", True, False, True),
        ("confirm_totp_enrolment", True, False, True),
        ("read_me", True, False, True),
        ("logout", True, False, True),
        ("turn_off_totp", True, False, False),
    ],
)
def test_what_a_session_without_the_required_factor_may_call(
    operation: str, requires: bool, verified: bool, allowed: bool
) -> None:
    assert mfa.may_call(operation, org_requires=requires, session_verified=verified) is allowed

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated
from gateway.domain.key_ring import KeyRing
from gateway.domain.tokens import ALGORITHM, AUDIENCE, AccessClaims, TokenSigner

pytestmark = pytest.mark.unit

SECRET = "unit-test-secret-of-sufficient-length"
PRINCIPAL = Principal(
    user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({"investigator", "approver"})
)
SESSION = uuid.uuid4()


def signer(minutes: int = 60, secret: str = SECRET) -> TokenSigner:
    """A ring of JWT_SECRET alone: tokens without a kid, as before the ring."""
    return TokenSigner(KeyRing.of(secret, []), timedelta(minutes=minutes))


def test_round_trip_names_the_principal() -> None:
    issued = signer().issue(PRINCIPAL, SESSION)
    assert issued.expires_in == 3600
    assert signer().read(issued.access_token) == AccessClaims(PRINCIPAL, SESSION)


def test_claims_are_the_documented_ones() -> None:
    token = signer().issue(PRINCIPAL, SESSION).access_token
    claims = jwt.decode(token, SECRET, algorithms=[ALGORITHM], audience=AUDIENCE)
    assert claims["sub"] == str(PRINCIPAL.user_id)
    assert claims["org"] == str(PRINCIPAL.org_id)
    assert claims["roles"] == ["approver", "investigator"]
    assert claims["aud"] == "custody-api"
    assert claims["sid"] == str(SESSION)
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_expired_token_is_refused() -> None:
    issued = signer(minutes=5).issue(
        PRINCIPAL, SESSION, now=datetime.now(UTC) - timedelta(minutes=6)
    )
    with pytest.raises(Unauthenticated, match="invalid or expired token"):
        signer().read(issued.access_token)


def test_other_secret_is_refused() -> None:
    token = (
        signer(secret="another-secret-of-sufficient-length").issue(PRINCIPAL, SESSION).access_token
    )
    with pytest.raises(Unauthenticated):
        signer().read(token)


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "someone-else"},  # wrong audience
        {"aud": None},  # no audience
        {"org": None},  # missing org claim
        {"sub": "not-a-uuid"},
        {"sid": None},  # no session: a token from before sessions, or forged
        {"sid": "not-a-uuid"},
    ],
)
def test_defective_claims_are_refused(claims: dict[str, object]) -> None:
    now = datetime.now(UTC)
    payload: dict[str, object] = {
        "sub": str(PRINCIPAL.user_id),
        "org": str(PRINCIPAL.org_id),
        "roles": [],
        "sid": str(SESSION),
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    payload.update(claims)
    token = jwt.encode({k: v for k, v in payload.items() if v is not None}, SECRET, ALGORITHM)
    with pytest.raises(Unauthenticated):
        signer().read(token)


def test_unsigned_token_is_refused() -> None:
    token = jwt.encode({"sub": str(PRINCIPAL.user_id)}, key=None, algorithm="none")
    with pytest.raises(Unauthenticated):
        signer().read(token)


def test_garbage_is_refused() -> None:
    with pytest.raises(Unauthenticated):
        signer().read("not.a.jwt")

"""Access tokens: JWT signed with HS256, audience "custody-api", the key named by ``kid``.

Claims: sub (user id), org, roles, sid (the sign-in session), iat, exp. The gateway is the only
issuer and verifier; other services never see the token, only the principal the gateway
derives from it. A token is good only while its session is (checked on every request).
The keys rotate (decision 0046, domain/key_ring.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated

from gateway.domain.key_ring import KeyRing

ALGORITHM = "HS256"
AUDIENCE = "custody-api"
_REQUIRED = ["sub", "org", "roles", "sid", "exp", "iat", "aud"]


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says: who, and in which session."""

    principal: Principal
    session_id: uuid.UUID


class TokenSigner:
    """Signs with the ring's signing key, named in the header (``kid``), and reads tokens of
    every key the ring still accepts. The ring is replaced as a whole when it is read again
    (entrypoints/key_ring.py); a signer never mixes two rings in one call."""

    def __init__(self, ring: KeyRing, lifetime: timedelta) -> None:
        self.ring = ring
        self.lifetime = lifetime

    def use(self, ring: KeyRing) -> None:
        self.ring = ring

    def issue(
        self, principal: Principal, session_id: uuid.UUID, now: datetime | None = None
    ) -> IssuedToken:
        issued = now or datetime.now(UTC)
        claims = {
            "sub": str(principal.user_id),
            "org": str(principal.org_id),
            "roles": sorted(principal.roles),
            "sid": str(session_id),
            "aud": AUDIENCE,
            "iat": issued,
            "exp": issued + self.lifetime,
        }
        key = self.ring.signing(issued)
        headers = {"kid": key.kid} if key.kid else None
        token = jwt.encode(claims, key.secret, algorithm=ALGORITHM, headers=headers)
        return IssuedToken(token, int(self.lifetime.total_seconds()))

    def read(self, token: str) -> AccessClaims:
        """The claims of a valid token; Unauthenticated for any defect, one message."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self.ring.verifying(kid, datetime.now(UTC), self.lifetime)
            if key is None:
                raise ValueError("unknown or retired key")
            claims = jwt.decode(
                token,
                key.secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                options={"require": _REQUIRED},
            )
            principal = Principal(
                user_id=uuid.UUID(claims["sub"]),
                org_id=uuid.UUID(claims["org"]),
                roles=frozenset(claims["roles"]),
            )
            return AccessClaims(principal, uuid.UUID(claims["sid"]))
        except (jwt.InvalidTokenError, ValueError, TypeError) as err:
            raise Unauthenticated("invalid or expired token") from err

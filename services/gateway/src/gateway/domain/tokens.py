"""Access tokens: JWT signed with HS256, audience "custody-api".

Claims: sub (user id), org, roles, sid (the sign-in session), iat, exp. The gateway is the only
issuer and verifier; other services never see the token, only the principal the gateway
derives from it. A token is good only while its session is (checked on every request).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated

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


@dataclass(frozen=True)
class TokenSigner:
    secret: str
    lifetime: timedelta

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
        token = jwt.encode(claims, self.secret, algorithm=ALGORITHM)
        return IssuedToken(token, int(self.lifetime.total_seconds()))

    def read(self, token: str) -> AccessClaims:
        """The claims of a valid token; Unauthenticated for any defect, one message."""
        try:
            claims = jwt.decode(
                token,
                self.secret,
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

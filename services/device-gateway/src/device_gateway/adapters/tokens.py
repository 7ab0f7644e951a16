"""Short-lived device access tokens: HS256 JWTs for the audience "custody-device"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
from custody_platform.errors import Unauthenticated

from device_gateway.domain.model import DeviceIdentity

AUDIENCE = "custody-device"
ISSUER = "custody-device-gateway"
ALGORITHM = "HS256"


class DeviceTokens:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, identity: DeviceIdentity) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(identity.device_id),
            "org": str(identity.org_id),
            "aud": AUDIENCE,
            "iss": ISSUER,
            "iat": now,
            "exp": now + self.lifetime,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> DeviceIdentity:
        """The device a token was issued to; Unauthenticated when invalid or expired."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "sub", "aud", "iss"]},
            )
            return DeviceIdentity(uuid.UUID(claims["sub"]), uuid.UUID(claims["org"]))
        except (jwt.PyJWTError, KeyError, ValueError):
            raise Unauthenticated("invalid or expired device token") from None

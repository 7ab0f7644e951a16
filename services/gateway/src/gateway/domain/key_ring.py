"""The ring of keys that sign access tokens (decision 0046); pure, no I/O.

Each key signs from its ``signs_from`` until the next key's, and is accepted until the next
key's ``signs_from`` plus the token lifetime: by then every token it signed has expired, and
it is retired. A new key's ``signs_from`` lies a little ahead of its creation, so every
replica has read it before any replica signs with it.

The key without a kid is JWT_SECRET itself: it signed the tokens of gateways from before the
ring, and it is retired like any other once the first ring key has signed for a lifetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

BEFORE_THE_RING = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SigningKey:
    kid: str | None  # None: JWT_SECRET, tokens without a kid header
    secret: bytes
    signs_from: datetime


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[SigningKey, ...]  # by signs_from, oldest first

    @classmethod
    def of(cls, legacy_secret: str, keys: list[SigningKey]) -> KeyRing:
        legacy = SigningKey(None, legacy_secret.encode(), BEFORE_THE_RING)
        return cls((legacy, *sorted(keys, key=lambda k: k.signs_from)))

    def signing(self, now: datetime) -> SigningKey:
        """The newest key whose time has come."""
        return [k for k in self.keys if k.signs_from <= now][-1]

    def verifying(self, kid: str | None, now: datetime, lifetime: timedelta) -> SigningKey | None:
        """The key named, unless it is unknown or retired."""
        for key, following in zip(self.keys, [*self.keys[1:], None], strict=True):
            if key.kid == kid:
                retired = following is not None and now >= retires_at(following, lifetime)
                return None if retired else key
        return None


def retires_at(following: SigningKey, lifetime: timedelta) -> datetime:
    """When the key before `following` retires: its last tokens have expired."""
    return following.signs_from + lifetime


def retired_kids(ring: KeyRing, now: datetime, lifetime: timedelta) -> list[str]:
    """The ring's keys (JWT_SECRET aside) whose last tokens have expired."""
    pairs = zip(ring.keys, ring.keys[1:], strict=False)
    return [k.kid for k, following in pairs if k.kid and now >= retires_at(following, lifetime)]

"""Reading and rotating the access-token key ring (decision 0046). The first key is made when
a gateway starts on a ring that has none; `custody admin rotate-jwt-key` adds the next."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters import jwt_keys
from gateway.adapters.jwt_keys import Sealer
from gateway.domain.key_ring import KeyRing, SigningKey, retired_kids, retires_at

KEY_BYTES = 32  # HS256: as long as the hash (RFC 7518, 3.2)


@dataclass(frozen=True)
class Rotation:
    kid: str
    signs_from: datetime
    previous_kid: str | None  # None: JWT_SECRET itself
    previous_retires_at: datetime
    retired: list[str]  # keys whose secret this rotation erased


async def read_ring(uow: UnitOfWork, sealer: Sealer, legacy_secret: str) -> KeyRing:
    return KeyRing.of(legacy_secret, await jwt_keys.live_keys(uow.session, sealer))


async def ensure_ring(
    uow: UnitOfWork, sealer: Sealer, legacy_secret: str, now: datetime
) -> KeyRing:
    """The ring, with a first key signing from now if it had none."""
    await jwt_keys.lock(uow.session)
    ring = await read_ring(uow, sealer, legacy_secret)
    if len(ring.keys) == 1:
        await jwt_keys.add_key(uow.session, sealer, _new_key(now), now)
        ring = await read_ring(uow, sealer, legacy_secret)
    return ring


async def rotate(
    uow: UnitOfWork,
    sealer: Sealer,
    legacy_secret: str,
    *,
    lifetime: timedelta,
    propagation: timedelta,
    now: datetime,
) -> Rotation:
    """A new key that signs from now + propagation (every replica has read it by then); the
    key it replaces is accepted for one token lifetime more. Keys retired by now are erased."""
    await jwt_keys.lock(uow.session)
    ring = await read_ring(uow, sealer, legacy_secret)
    retired = retired_kids(ring, now, lifetime)
    await jwt_keys.retire(uow.session, retired, now)
    key = _new_key(now + propagation)
    await jwt_keys.add_key(uow.session, sealer, key, now)
    previous = ring.keys[-1]
    return Rotation(key.kid or "", key.signs_from, previous.kid, retires_at(key, lifetime), retired)


def _new_key(signs_from: datetime) -> SigningKey:
    return SigningKey(secrets.token_hex(8), secrets.token_bytes(KEY_BYTES), signs_from)

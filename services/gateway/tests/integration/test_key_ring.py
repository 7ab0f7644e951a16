"""The access-token key ring in Postgres (decision 0046), as every replica reads it: one
first key however many gateways start, a rotated key that signs only after the propagation
delay, the previous key erased once retired, keys sealed under another JWT_SECRET left out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.unit_of_work import UnitOfWork
from gateway.adapters.jwt_keys import Sealer, lock
from gateway.service_layer.key_ring import ensure_ring, read_ring, rotate
from sqlalchemy import text

from .conftest import JWT_SECRET

pytestmark = pytest.mark.integration

LIFETIME = timedelta(minutes=15)
SEALER = Sealer(JWT_SECRET)


async def _clear(uow_factory: Callable[[], UnitOfWork]) -> None:
    """A ring of its own: this test owns the table while it holds the ring's lock."""
    async with uow_factory() as uow:
        await lock(uow.session)
        await uow.session.execute(text("DELETE FROM gateway.jwt_signing_keys"))
        await uow.commit()


async def _ensure(uow_factory: Callable[[], UnitOfWork], now: datetime):  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        ring = await ensure_ring(uow, SEALER, JWT_SECRET, now)
        await uow.commit()
        return ring


async def test_a_rotation_as_every_replica_sees_it(uow_factory: Callable[[], UnitOfWork]) -> None:
    await _clear(uow_factory)
    now = datetime.now(UTC)
    rings = await asyncio.gather(*(_ensure(uow_factory, now) for _ in range(3)))
    assert len({tuple(k.kid for k in ring.keys) for ring in rings}) == 1  # one first key
    first = rings[0].keys[-1]
    assert len(rings[0].keys) == 2 and first.kid  # JWT_SECRET, then one ring key

    async with uow_factory() as uow:
        done = await rotate(uow, SEALER, JWT_SECRET, lifetime=LIFETIME,
                            propagation=timedelta(seconds=20), now=now)  # fmt: skip
        await uow.commit()
    assert (done.previous_kid, done.signs_from) == (first.kid, now + timedelta(seconds=20))
    assert done.previous_retires_at == done.signs_from + LIFETIME and done.retired == []
    async with uow_factory() as uow:
        ring = await read_ring(uow, SEALER, JWT_SECRET)
    assert ring.signing(now).kid == first.kid  # not yet: other replicas may not have it
    assert ring.signing(done.signs_from).kid == done.kid
    assert ring.verifying(first.kid, done.previous_retires_at - timedelta(seconds=1), LIFETIME)

    later = done.previous_retires_at
    async with uow_factory() as uow:
        again = await rotate(uow, SEALER, JWT_SECRET, lifetime=LIFETIME,
                             propagation=timedelta(seconds=20), now=later)  # fmt: skip
        await uow.commit()
    assert again.retired == [first.kid]
    async with uow_factory() as uow:
        kids = [k.kid for k in (await read_ring(uow, SEALER, JWT_SECRET)).keys]
        erased = await uow.session.execute(
            text("SELECT sealed_key IS NULL, retired_at FROM gateway.jwt_signing_keys "
                 "WHERE kid = :k"), {"k": first.kid})  # fmt: skip
    assert kids == [None, done.kid, again.kid]
    assert erased.one() == (True, later)

    other = "another-integration-secret-0123456789"
    async with uow_factory() as uow:  # JWT_SECRET changed (not committed: left as it was)
        assert [k.kid for k in (await read_ring(uow, Sealer(other), other)).keys] == [None]
        fresh = await ensure_ring(uow, Sealer(other), other, later)
    assert len(fresh.keys) == 2 and fresh.keys[-1].kid not in kids

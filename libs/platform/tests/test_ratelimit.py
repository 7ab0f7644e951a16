"""The attempt limit counts in Postgres: two limiters (two processes) share one count."""

from __future__ import annotations

import asyncio

import pytest
from custody_platform.ratelimit import RateLimiter, rate_limit_ddl
from sqlalchemy import text

pytestmark = pytest.mark.integration


@pytest.fixture
async def limits(engine, unique_schema: str):  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        for ddl in rate_limit_ddl(unique_schema):
            await conn.execute(text(ddl))
    return lambda: RateLimiter(engine, unique_schema, limit=3, window_seconds=60)


async def test_two_limiters_share_one_count_and_say_when_to_retry(limits) -> None:  # type: ignore[no-untyped-def]
    first, second = limits(), limits()
    now = 1_000_020.0
    window_end = (now // 60 + 1) * 60
    verdicts = [await (first if i % 2 else second).hit("login:10.0.0.1", now) for i in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == int(window_end - now)
    assert (await first.hit("login:10.0.0.2", now)).allowed  # other keys count apart


async def test_a_new_window_starts_a_new_count(limits) -> None:  # type: ignore[no-untyped-def]
    limiter = limits()
    for _ in range(4):
        await limiter.hit("k", 600.0)
    assert not (await limiter.hit("k", 659.0)).allowed
    assert (await limiter.hit("k", 660.0)).allowed


async def test_concurrent_hits_are_counted_exactly(limits, engine, unique_schema) -> None:  # type: ignore[no-untyped-def]
    limiter = limits()
    verdicts = await asyncio.gather(*(limiter.hit("burst", 60.0) for _ in range(10)))
    assert sum(v.allowed for v in verdicts) == 3
    async with engine.connect() as conn:
        hits = await conn.execute(text(f'SELECT hits FROM "{unique_schema}".rate_limits'))
        assert hits.scalar_one() == 10


async def test_old_windows_are_swept(limits, engine, unique_schema) -> None:  # type: ignore[no-untyped-def]
    limiter = limits()
    for i in range(5):
        await limiter.hit(f"old-{i}", 0.0)
    await limiter.hit("now", 600.0)
    async with engine.connect() as conn:
        keys = await conn.execute(text(f'SELECT key FROM "{unique_schema}".rate_limits'))
        assert [k for (k,) in keys] == ["now"]

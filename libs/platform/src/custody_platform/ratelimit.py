"""Attempt limits kept in Postgres, so every process behind a load balancer counts together.

Fixed windows: one row per (key, window start) whose `hits` an upsert increments atomically.
A caller over the limit is told how long until its window ends (`Retry-After`). Each check
runs in its own short transaction, apart from the request's unit of work: a refused or failed
request still counts, even when its own transaction rolls back.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Rows of windows that ended are deleted a few at a time by later checks, so the table stays
# as small as the number of keys seen in the last two windows.
_SWEEP_ROWS = 100


def rate_limit_ddl(schema: str) -> list[str]:
    """The table a service's migration creates to use `RateLimiter`."""
    return [
        f"""CREATE TABLE IF NOT EXISTS "{schema}".rate_limits (
            key TEXT NOT NULL,
            window_start BIGINT NOT NULL,
            hits INTEGER NOT NULL,
            PRIMARY KEY (key, window_start)
        )""",
        f'CREATE INDEX IF NOT EXISTS rate_limits_window ON "{schema}".rate_limits (window_start)',
    ]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # whole seconds until the window ends; 0 when allowed


class RateLimiter:
    """At most `limit` hits per `key` in each window of `window_seconds`."""

    def __init__(self, engine: AsyncEngine, schema: str, *, limit: int, window_seconds: int):
        if limit < 1 or window_seconds < 1:
            raise ValueError("limit and window_seconds must be at least 1")
        self._engine = engine
        self._table = f'"{schema}".rate_limits'
        self.limit = limit
        self.window = window_seconds

    async def hit(self, key: str, now: float | None = None) -> Verdict:
        """Count one attempt for `key` and say whether it is within the limit."""
        now = time.time() if now is None else now
        start = int(now // self.window) * self.window
        async with self._engine.begin() as conn:
            hits = (
                await conn.execute(
                    text(
                        f"INSERT INTO {self._table} (key, window_start, hits) "
                        "VALUES (:key, :start, 1) ON CONFLICT (key, window_start) "
                        f"DO UPDATE SET hits = {self._table}.hits + 1 RETURNING hits"
                    ),
                    {"key": key, "start": start},
                )
            ).scalar_one()
            await self._sweep(conn, before=start - self.window)
        if hits <= self.limit:
            return Verdict(True, 0)
        return Verdict(False, max(1, math.ceil(start + self.window - now)))

    async def _sweep(self, conn, before: int) -> None:  # type: ignore[no-untyped-def]
        await conn.execute(
            text(
                f"DELETE FROM {self._table} WHERE ctid IN (SELECT ctid FROM {self._table} "
                f"WHERE window_start < :before LIMIT {_SWEEP_ROWS})"
            ),
            {"before": before},
        )

"""The outbox relay: publishes unsent outbox rows in order, then marks them sent.

A crash after publishing and before marking re-publishes those rows on restart; consumers
deduplicate by event id, so the effect is exactly once. `FOR UPDATE SKIP LOCKED` lets a
second relay instance run safely beside the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from custody_platform.kafka import KafkaPublisher
from custody_platform.metrics import EVENTS_PUBLISHED, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE

log = structlog.get_logger()

# While the relay is busy it still measures its backlog this often.
MEASURE_EVERY_SECONDS = 5.0
# Idle, it polls every poll_seconds but measures only this often: a count on every poll was
# half the database traffic of an idle service, taken from the requests it serves.
MEASURE_IDLE_SECONDS = 1.0

# Deterministic fault injection for the crash test: die after publishing, before marking sent.
FAILPOINT = "relay.after_publish"


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        publisher: KafkaPublisher,
        *,
        schema: str,
        service: str,
        batch_size: int = 200,
        poll_seconds: float = 0.05,
    ) -> None:
        self._engine = engine
        self._publisher = publisher
        self._schema = schema
        self._service = service
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._measured_at = 0.0

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were sent."""
        async with self._engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        f'SELECT seq, topic, key, headers, payload FROM "{self._schema}".outbox '
                        "WHERE sent_at IS NULL ORDER BY seq LIMIT :n FOR UPDATE SKIP LOCKED"
                    ),
                    {"n": self._batch_size},
                )
            ).all()
            if not rows:
                return 0
            await self._publisher.publish_many(
                [(r.topic, r.key, r.payload.encode(), _headers(r.headers)) for r in rows]
            )
            if os.environ.get("CUSTODY_FAILPOINT") == FAILPOINT:
                os._exit(17)
            await conn.execute(
                text(f'UPDATE "{self._schema}".outbox SET sent_at = now() WHERE seq = ANY(:seqs)'),
                {"seqs": [r.seq for r in rows]},
            )
        for r in rows:
            EVENTS_PUBLISHED.labels(self._service, r.topic).inc()
        return len(rows)

    async def backlog(self) -> int:
        """Rows not yet published; sets the backlog gauges (count, age of the oldest)."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT count(*) AS n, "
                        "coalesce(extract(epoch FROM now() - min(created_at)), 0) AS age "
                        f'FROM "{self._schema}".outbox WHERE sent_at IS NULL'
                    )
                )
            ).one()
        OUTBOX_BACKLOG.labels(self._service).set(row.n)
        OUTBOX_OLDEST_AGE.labels(self._service).set(float(row.age))
        self._measured_at = time.monotonic()
        return int(row.n)

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until stopped; a failure (broker down) is logged and retried with backoff.
        The backlog is measured on every failure (the broker down is when its age matters),
        every MEASURE_IDLE_SECONDS when idle and every MEASURE_EVERY_SECONDS while busy."""
        delay = self._poll_seconds
        while not stop.is_set():
            sent = 0
            try:
                sent = await self.publish_pending()
                delay = self._poll_seconds
            except Exception:
                log.exception("outbox relay failed; will retry", delay=delay)
                delay = min(delay * 2, 5.0)
            every = MEASURE_EVERY_SECONDS if sent else MEASURE_IDLE_SECONDS
            if delay > self._poll_seconds or time.monotonic() - self._measured_at >= every:
                with contextlib.suppress(Exception):  # the database is down: keep the last
                    await self.backlog()
            if not sent:
                await _wait(stop, delay)


def _headers(raw: dict[str, str] | str) -> list[tuple[str, bytes]]:
    values = json.loads(raw) if isinstance(raw, str) else raw
    return [(k, v.encode()) for k, v in values.items()]


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)

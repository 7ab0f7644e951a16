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

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from custody_platform.kafka import KafkaPublisher
from custody_platform.metrics import EVENTS_PUBLISHED, OUTBOX_BACKLOG

log = structlog.get_logger()

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
        async with self._engine.connect() as conn:
            count = await conn.scalar(
                text(f'SELECT count(*) FROM "{self._schema}".outbox WHERE sent_at IS NULL')
            )
        OUTBOX_BACKLOG.labels(self._service).set(count or 0)
        return int(count or 0)

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until stopped; a failure (broker down) is logged and retried with backoff."""
        delay = self._poll_seconds
        while not stop.is_set():
            try:
                sent = await self.publish_pending()
                delay = self._poll_seconds
                if sent:
                    continue
                await self.backlog()
            except Exception:
                log.exception("outbox relay failed; will retry", delay=delay)
                delay = min(delay * 2, 5.0)
            await _wait(stop, delay)


def _headers(raw: dict[str, str] | str) -> list[tuple[str, bytes]]:
    values = json.loads(raw) if isinstance(raw, str) else raw
    return [(k, v.encode()) for k, v in values.items()]


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)

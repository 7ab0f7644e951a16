"""The transactional outbox: events are rows written in the same transaction as the state
change; the relay (relay.py) publishes them afterwards. Kafka being down delays events,
it never loses them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from custody_platform.db import array_literal


def platform_ddl(schema: str) -> list[str]:
    """The outbox and the processed-event table: every service's first migration runs this."""
    return [
        f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
        f"""CREATE TABLE IF NOT EXISTS "{schema}".outbox (
            seq BIGSERIAL PRIMARY KEY,
            event_id UUID NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            headers JSONB NOT NULL,
            payload TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            sent_at TIMESTAMPTZ
        )""",
        f'CREATE INDEX IF NOT EXISTS outbox_unsent ON "{schema}".outbox (seq) '
        "WHERE sent_at IS NULL",
        f"""CREATE TABLE IF NOT EXISTS "{schema}".processed_events (
            consumer TEXT NOT NULL,
            event_id UUID NOT NULL,
            processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        )""",
    ]


async def write_outbox(
    session: AsyncSession, schema: str, event: Event, envelope: Envelope
) -> None:
    headers: dict[str, Any] = {k: v.decode() for k, v in envelope.to_headers()}
    await session.execute(
        text(
            f'INSERT INTO "{schema}".outbox (event_id, topic, key, event_type, headers, payload) '
            "VALUES (:event_id, :topic, :key, :event_type, CAST(:headers AS JSONB), :payload)"
        ),
        {
            "event_id": envelope.id,
            "topic": event.topic,
            "key": event.key,
            "event_type": event.type,
            "headers": json.dumps(headers),
            "payload": event.model_dump_json(),
        },
    )


async def claim_event(session: AsyncSession, schema: str, consumer: str, event_id: Any) -> bool:
    """Record (consumer, event id) in the caller's transaction; False means already processed."""
    result = await session.execute(
        text(
            f'INSERT INTO "{schema}".processed_events (consumer, event_id) '
            "VALUES (:consumer, :event_id) ON CONFLICT DO NOTHING"
        ),
        {"consumer": consumer, "event_id": event_id},
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def claim_events(
    session: AsyncSession, schema: str, consumer: str, event_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Record many (consumer, event id) pairs in one statement; the ids new to this consumer."""
    result = await session.execute(
        text(
            f'INSERT INTO "{schema}".processed_events (consumer, event_id) '
            "SELECT :consumer, id FROM unnest(CAST(:ids AS UUID[])) AS id "
            "ON CONFLICT DO NOTHING RETURNING event_id"
        ),
        {"consumer": consumer, "ids": array_literal(event_ids)},
    )
    return {row[0] for row in result}

"""Ledger reads and the single-writer append."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit.adapters.orm import LedgerEntry

# Key of the transaction-level advisory lock that makes appends one writer at a time.
LEDGER_LOCK_KEY = 0x637573746F6479  # "custody"


async def append(
    session: AsyncSession,
    *,
    event_id: uuid.UUID,
    record: dict[str, Any],
    canonical: str,
    leaf_hash: bytes,
    object_id: str,
) -> int | None:
    """Appends at the next leaf index; None if this event id is already in the ledger.
    The lock is held until the caller's transaction ends, so indexes never collide or gap."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEDGER_LOCK_KEY})
    if await _contains(session, event_id):
        return None
    entry = LedgerEntry(
        idx=await _next_index(session),
        event_id=event_id,
        record=record,
        canonical=canonical,
        leaf_hash=leaf_hash,
        object_id=object_id,
    )
    session.add(entry)
    await session.flush()
    return entry.idx


async def _contains(session: AsyncSession, event_id: uuid.UUID) -> bool:
    query = select(LedgerEntry.idx).where(LedgerEntry.event_id == event_id)
    return (await session.exec(query)).first() is not None


async def _next_index(session: AsyncSession) -> int:
    query = select(func.coalesce(func.max(LedgerEntry.idx), -1))
    return int((await session.exec(query)).one()) + 1


async def for_object(
    session: AsyncSession, object_id: str, org_id: uuid.UUID | None, limit: int
) -> Sequence[LedgerEntry]:
    """Entries about one object in ledger order; with org_id, only those it is party to."""
    query = select(LedgerEntry).where(LedgerEntry.object_id == object_id)
    if org_id is not None:
        query = query.where(col(LedgerEntry.record)["org_ids"].contains([str(org_id)]))
    return (await session.exec(query.order_by(col(LedgerEntry.idx)).limit(limit))).all()

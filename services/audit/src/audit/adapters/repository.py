"""Ledger writes (the single-writer append) and the reads proofs and heads need."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from custody_platform.db import array_literal
from sqlalchemy import func, text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit.adapters.orm import LedgerEntry, SigningKey, TreeHead
from audit.domain.merkle import grow
from audit.domain.proofs import Node, range_nodes

# Key of the transaction-level advisory lock that makes appends one writer at a time.
LEDGER_LOCK_KEY = 0x637573746F6479  # "custody"


@dataclass(frozen=True)
class NewEntry:
    event_id: uuid.UUID
    canonical: str
    leaf_hash: bytes
    object_id: str


# One statement per table and batch: far fewer round trips than one INSERT per row. Entries
# travel as one JSON document (the driver escapes arrays of quoted text slowly), each record
# only as its canonical text, which Postgres parses into the queryable `record` (the
# canonical document less its event id); node hashes as arrays.
_INSERT_ENTRIES = text(
    "INSERT INTO audit.ledger_entries (idx, event_id, record, canonical, leaf_hash, object_id)"
    " SELECT idx, event_id, CAST(canonical AS JSONB) - 'event_id', canonical,"
    " decode(leaf_hash, 'hex'), object_id"
    " FROM jsonb_to_recordset(CAST(:rows AS JSONB)) AS r (idx BIGINT, event_id UUID,"
    " canonical TEXT, leaf_hash TEXT, object_id TEXT)"
)
_INSERT_NODES = text(
    "INSERT INTO audit.ledger_nodes (level, idx, hash)"
    " SELECT level, idx, decode(hash, 'hex') FROM unnest(CAST(:level AS SMALLINT[]),"
    " CAST(:idx AS BIGINT[]), CAST(:hash AS TEXT[])) AS n (level, idx, hash)"
)
# Level 0 (the leaves) is the entries' own leaf_hash; ledger_nodes holds levels 1 and up.
_SELECT_NODES = text(
    "SELECT n.level, n.idx, n.hash FROM unnest(CAST(:level AS SMALLINT[]),"
    " CAST(:idx AS BIGINT[])) AS wanted (level, idx)"
    " JOIN audit.ledger_nodes n ON n.level = wanted.level AND n.idx = wanted.idx"
    " UNION ALL SELECT 0, e.idx, e.leaf_hash FROM audit.ledger_entries e"
    " WHERE e.idx = ANY(CAST(:leaves AS BIGINT[]))"
)


async def append(session: AsyncSession, entries: Sequence[NewEntry]) -> list[int | None]:
    """Appends at the next leaf indexes, with the subtree hashes they complete; None for an
    event id already in the ledger. The lock is held until the caller's transaction ends,
    so indexes never collide or gap."""
    await lock(session)
    known = await _known_event_ids(session, [e.event_id for e in entries])
    size = await tree_size(session)
    fresh: list[NewEntry] = []
    placed: list[int | None] = []
    for entry in entries:
        if entry.event_id in known:
            placed.append(None)
            continue
        known.add(entry.event_id)
        placed.append(size + len(fresh))
        fresh.append(entry)
    await _insert(session, size, fresh)
    return placed


async def lock(session: AsyncSession) -> None:
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEDGER_LOCK_KEY})


async def _insert(session: AsyncSession, size: int, fresh: Sequence[NewEntry]) -> None:
    if not fresh:
        return
    frontier = await nodes(session, range_nodes(0, size))
    created = grow(size, frontier, [e.leaf_hash for e in fresh])
    await session.execute(_INSERT_ENTRIES, {"rows": _entry_rows(size, fresh)})
    inner = [node for node in created if node[0] > 0]
    if inner:
        levels, indexes, node_hashes = zip(*inner, strict=True)
        params = {
            "level": array_literal(levels),
            "idx": array_literal(indexes),
            "hash": array_literal(h.hex() for h in node_hashes),
        }
        await session.execute(_INSERT_NODES, params)


def _entry_rows(size: int, fresh: Sequence[NewEntry]) -> str:
    return json.dumps(
        [
            {
                "idx": size + n,
                "event_id": str(e.event_id),
                "canonical": e.canonical,
                "leaf_hash": e.leaf_hash.hex(),
                "object_id": e.object_id,
            }
            for n, e in enumerate(fresh)
        ]
    )


async def _known_event_ids(session: AsyncSession, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    query = "SELECT event_id FROM audit.ledger_entries WHERE event_id = ANY(CAST(:ids AS UUID[]))"
    rows = await session.execute(text(query), {"ids": array_literal(ids)})
    return {row[0] for row in rows}


async def tree_size(session: AsyncSession) -> int:
    query = select(func.coalesce(func.max(LedgerEntry.idx), -1))
    return int((await session.exec(query)).one()) + 1


async def nodes(session: AsyncSession, wanted: Iterable[Node]) -> dict[Node, bytes]:
    """The stored subtree hashes asked for, in one query."""
    keys = list(set(wanted))
    if not keys:
        return {}
    inner = [k for k in keys if k[0] > 0]
    params = {
        "level": [k[0] for k in inner],
        "idx": [k[1] for k in inner],
        "leaves": [k[1] for k in keys if k[0] == 0],
    }
    rows = await session.execute(_SELECT_NODES, params)
    return {(level, idx): bytes(node) for level, idx, node in rows}


async def entry_by_event(session: AsyncSession, event_id: uuid.UUID) -> LedgerEntry | None:
    query = select(LedgerEntry).where(LedgerEntry.event_id == event_id)
    return (await session.exec(query)).first()


async def entries_from(session: AsyncSession, start: int, limit: int) -> Sequence[LedgerEntry]:
    query = select(LedgerEntry).where(col(LedgerEntry.idx) >= start)
    return (await session.exec(query.order_by(col(LedgerEntry.idx)).limit(limit))).all()


async def add_head(session: AsyncSession, head: TreeHead) -> TreeHead:
    session.add(head)
    await session.flush()
    return head


async def latest_head(session: AsyncSession) -> TreeHead | None:
    query = select(TreeHead).order_by(col(TreeHead.id).desc()).limit(1)
    return (await session.exec(query)).first()


async def head(session: AsyncSession, head_id: int) -> TreeHead | None:
    return await session.get(TreeHead, head_id)


async def signing_keys(session: AsyncSession) -> Sequence[SigningKey]:
    """Every key that has signed heads, oldest first."""
    query = select(SigningKey).order_by(col(SigningKey.first_used_ms), col(SigningKey.key_id))
    return (await session.exec(query)).all()


async def add_signing_key(session: AsyncSession, key: SigningKey) -> None:
    """Once per key: its first head's time is that of the earliest head it signed."""
    if await session.get(SigningKey, key.key_id) is not None:
        return
    first = select(func.min(TreeHead.timestamp_ms)).where(TreeHead.key_id == key.key_id)
    earlier = (await session.exec(first)).one()
    key.first_used_ms = min(earlier, key.first_used_ms) if earlier else key.first_used_ms
    session.add(key)
    await session.flush()


async def heads_in_order(session: AsyncSession) -> Sequence[TreeHead]:
    return (await session.exec(select(TreeHead).order_by(col(TreeHead.id)))).all()

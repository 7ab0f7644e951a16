"""Use cases of the custody ledger: append records, read the entries a caller may see.

Appending writes no audit record of its own: the ledger consuming its own records would
never stop.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from custody_contracts.events.audit import AuditRecord
from custody_contracts.principal import Principal
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import queries, repository
from audit.adapters.orm import LedgerEntry
from audit.adapters.repository import NewEntry
from audit.domain.entries import Visibility, canonical_json, entry_leaf_hash, page_size
from audit.domain.queries import RecordQuery


def new_entry(record: AuditRecord, event_id: uuid.UUID) -> NewEntry:
    canonical = canonical_json(record.model_dump(mode="json"), event_id)
    return NewEntry(
        event_id=event_id,
        canonical=canonical,
        leaf_hash=entry_leaf_hash(canonical),
        object_id=record.object_id,
    )


async def append_record(uow: UnitOfWork, record: AuditRecord, event_id: uuid.UUID) -> int | None:
    """The record's leaf index, or None when the event id was already appended (the unique
    event id backs up the consumer's own deduplication)."""
    return (await append_records(uow, [(record, event_id)]))[0]


async def append_records(
    uow: UnitOfWork, records: Sequence[tuple[AuditRecord, uuid.UUID]]
) -> list[int | None]:
    """Many records in the caller's one transaction: one lock, one frontier read, two inserts."""
    entries = [new_entry(record, event_id) for record, event_id in records]
    return await repository.append(uow.session, entries)


def scope(principal: Principal) -> Visibility:
    """The records the caller sees."""
    return Visibility.of(principal)


async def list_records(
    uow: UnitOfWork, principal: Principal, query: RecordQuery, limit: int
) -> Sequence[LedgerEntry]:
    return await queries.find(uow.session, query.validate(), scope(principal), page_size(limit))

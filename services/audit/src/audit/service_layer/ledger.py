"""Use cases of the custody ledger: append a record, read the entries about an object.

Appending writes no audit record of its own: the ledger consuming its own records would
never stop.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from custody_contracts.events import AuditRecord
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import repository
from audit.adapters.orm import LedgerEntry
from audit.domain.entries import canonical_json, entry_leaf_hash, page_size, reads_all_orgs


async def append_record(uow: UnitOfWork, record: AuditRecord, event_id: uuid.UUID) -> int | None:
    """The record's leaf index, or None when the event id was already appended (the unique
    event id backs up the consumer's own deduplication)."""
    document = record.model_dump(mode="json")
    canonical = canonical_json(document, event_id)
    return await repository.append(
        uow.session,
        event_id=event_id,
        record=document,
        canonical=canonical,
        leaf_hash=entry_leaf_hash(canonical),
        object_id=record.object_id,
    )


async def list_records(
    uow: UnitOfWork, principal: Principal, object_id: str, limit: int
) -> Sequence[LedgerEntry]:
    if not object_id:
        raise InvalidArgument("object_id is required")
    org_id = None if reads_all_orgs(principal) else principal.org_id
    return await repository.for_object(uow.session, object_id, org_id, page_size(limit))

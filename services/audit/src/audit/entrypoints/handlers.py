"""What the ledger reacts to: every AuditRecord of every service, appended a polled batch at a
time (one lock, one frontier read and two inserts per batch, not per record). The ledger's
unique event ids are its deduplication, so its consumer claims nothing of its own
(`dedupes_itself`, bootstrap.py): the handler says which events it appended."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.audit import AuditRecord
from custody_platform.unit_of_work import UnitOfWork

from audit.service_layer.ledger import append_records

EVENTS: Sequence[type[Event]] = (AuditRecord,)


async def on_audit_records(
    uow: UnitOfWork, items: Sequence[tuple[AuditRecord, Envelope]]
) -> set[uuid.UUID]:
    """The event ids appended now (those already in the ledger are left out)."""
    placed = await append_records(uow, [(record, envelope.id) for record, envelope in items])
    return {
        envelope.id for (_, envelope), index in zip(items, placed, strict=True) if index is not None
    }

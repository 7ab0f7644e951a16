"""What the ledger reacts to: every AuditRecord of every service, appended a polled batch at a
time (one lock, one frontier read and two inserts per batch, not per record)."""

from __future__ import annotations

from collections.abc import Sequence

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.audit import AuditRecord
from custody_platform.unit_of_work import UnitOfWork

from audit.service_layer.ledger import append_records

EVENTS: Sequence[type[Event]] = (AuditRecord,)


async def on_audit_records(uow: UnitOfWork, items: Sequence[tuple[AuditRecord, Envelope]]) -> None:
    await append_records(uow, [(record, envelope.id) for record, envelope in items])

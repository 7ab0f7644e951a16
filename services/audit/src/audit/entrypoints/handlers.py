"""What the ledger reacts to: every AuditRecord of every service."""

from __future__ import annotations

from collections.abc import Mapping

from custody_contracts.envelope import Envelope
from custody_contracts.events import AuditRecord, Event
from custody_platform.consumer import Handler
from custody_platform.unit_of_work import UnitOfWork

from audit.service_layer.ledger import append_record


async def on_audit_record(event: AuditRecord, uow: UnitOfWork, envelope: Envelope) -> None:
    await append_record(uow, event, envelope.id)


HANDLERS: Mapping[type[Event], Handler] = {AuditRecord: on_audit_record}

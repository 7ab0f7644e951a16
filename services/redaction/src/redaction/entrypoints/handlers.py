"""What redaction reacts to: a request to redact an original."""

from __future__ import annotations

from collections.abc import Mapping

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.evidence import RedactionRequested
from custody_platform.consumer import Handler
from custody_platform.unit_of_work import UnitOfWork

from redaction.service_layer.intake import queue_job


async def on_redaction_requested(
    event: RedactionRequested, uow: UnitOfWork, envelope: Envelope
) -> None:
    await queue_job(uow, event)


HANDLERS: Mapping[type[Event], Handler] = {RedactionRequested: on_redaction_requested}

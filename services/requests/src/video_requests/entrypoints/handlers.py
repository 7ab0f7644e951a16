"""What the requests service reacts to: the outcome of each export it ordered."""

from __future__ import annotations

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.device_gateway import ExportFailed, NoVideoAvailable
from custody_contracts.events.evidence import EvidenceIngested
from custody_platform.consumer import Handler
from custody_platform.unit_of_work import UnitOfWork

from video_requests.service_layer import outcomes


async def on_evidence_ingested(event: EvidenceIngested, uow: UnitOfWork, _: Envelope) -> None:
    if event.line_item_id is None:  # evidence that did not come from a video request
        return
    await outcomes.mark_fulfilled(
        uow,
        event.line_item_id,
        case_id=event.case_id,
        evidence_id=event.evidence_id,
        case_org_id=event.org_id,
    )


async def on_no_video_available(event: NoVideoAvailable, uow: UnitOfWork, _: Envelope) -> None:
    await outcomes.mark_unavailable(uow, event.export, event.reason)


async def on_export_failed(event: ExportFailed, uow: UnitOfWork, _: Envelope) -> None:
    await outcomes.mark_unavailable(uow, event.export, f"export failed: {event.reason}")


HANDLERS: dict[type[Event], Handler] = {
    EvidenceIngested: on_evidence_ingested,
    NoVideoAvailable: on_no_video_available,
    ExportFailed: on_export_failed,
}

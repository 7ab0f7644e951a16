"""What became of an export: evidence arrived, or the device had no video to give.

Called by Kafka handlers inside the consumer's unit of work, which commits. The platform
skips redelivered events by id; an item already in the outcome's state is left alone too,
so a replay under a new event id changes nothing either. Outcomes of a preservation export
(footage kept by the owner while the item is under review) are recorded without moving it.
"""

from __future__ import annotations

import uuid

import structlog
from custody_contracts.events.device_gateway import ExportContext
from custody_platform.unit_of_work import UnitOfWork

from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.line_items import EXPORTING, FULFILLED, VIDEO_UNAVAILABLE
from video_requests.service_layer import events
from video_requests.service_layer.audit import SELF, item_changed
from video_requests.service_layer.progress import record_progress

log = structlog.get_logger()


async def mark_fulfilled(
    uow: UnitOfWork,
    line_item_id: uuid.UUID,
    *,
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
    case_org_id: uuid.UUID,
) -> None:
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(line_item_id)
    if found is None:
        log.warning("evidence for an unknown line item", line_item_id=str(line_item_id))
        return
    request, item = found
    if case_org_id != request.requester_org_id:  # the owner's preserved copy
        if item.preserved_evidence_id is None:
            item.preserved_evidence_id = evidence_id
            item_changed(
                uow,
                SELF,
                "line_item.footage_preserved",
                request,
                item,
                case_id=case_id,
                evidence_id=evidence_id,
            )
        return
    if item.status == FULFILLED:
        return
    lifecycle.fulfil(item, case_id, evidence_id)
    await record_progress(repo, request, item)
    uow.emit(events.fulfilled(request, item))
    item_changed(
        uow, SELF, "line_item.fulfilled", request, item, case_id=case_id, evidence_id=evidence_id
    )


async def mark_unavailable(uow: UnitOfWork, export: ExportContext, reason: str) -> None:
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(export.line_item_id)
    if found is None or export.export_id not in (found[1].export_id, found[1].preserve_export_id):
        log.warning("outcome of an unknown export", export_id=str(export.export_id))
        return
    request, item = found
    if export.export_id == item.preserve_export_id:
        item_changed(uow, SELF, "line_item.preservation_failed", request, item, reason=reason)
        return
    if item.status == VIDEO_UNAVAILABLE:
        return
    lifecycle.unavailable(item, reason)
    await record_progress(repo, request, item)
    uow.emit(events.status_changed(request, item, EXPORTING, reason=item.reason))
    item_changed(uow, SELF, "line_item.video_unavailable", request, item, reason=item.reason)

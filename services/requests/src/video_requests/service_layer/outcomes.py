"""What became of an export: evidence arrived, or the device had no video to give.

Called by Kafka handlers inside the consumer's unit of work, which commits. The platform
skips redelivered events by id; an item already in the outcome's state is left alone too,
so a replay under a new event id changes nothing either.
"""

from __future__ import annotations

import uuid

import structlog
from custody_contracts.events import ExportContext
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain.line_items import FULFILLED, VIDEO_UNAVAILABLE, transition
from video_requests.service_layer import events
from video_requests.service_layer.progress import record_progress

log = structlog.get_logger()
SELF = Actor.service("requests")


async def mark_fulfilled(
    uow: UnitOfWork, line_item_id: uuid.UUID, *, case_id: uuid.UUID, evidence_id: uuid.UUID
) -> None:
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(line_item_id)
    if found is None:
        log.warning("evidence for an unknown line item", line_item_id=str(line_item_id))
        return
    request, item = found
    if item.status == FULFILLED:
        return
    transition(item, FULFILLED)
    item.case_id, item.evidence_id = case_id, evidence_id
    await record_progress(repo, request, item)
    uow.emit(events.fulfilled(request, item))
    _audit(uow, "line_item.fulfilled", request, item, case_id=case_id, evidence_id=evidence_id)


async def mark_unavailable(uow: UnitOfWork, export: ExportContext, reason: str) -> None:
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(export.line_item_id)
    if found is None or found[1].export_id != export.export_id:
        log.warning("outcome of an unknown export", export_id=str(export.export_id))
        return
    request, item = found
    if item.status == VIDEO_UNAVAILABLE:
        return
    transition(item, VIDEO_UNAVAILABLE)
    item.reason = reason
    await record_progress(repo, request, item)
    _audit(uow, "line_item.video_unavailable", request, item, reason=reason)


def _audit(
    uow: UnitOfWork,
    action: str,
    request: VideoRequest,
    item: LineItem,
    *,
    reason: str | None = None,
    **details: object,
) -> None:
    uow.audit(
        SELF,
        action,
        object_type="line_item",
        object_id=item.id,
        org_ids=(request.requester_org_id, item.owner_org_id),
        reason=reason,
        request_id=request.id,
        export_id=item.export_id,
        **details,
    )

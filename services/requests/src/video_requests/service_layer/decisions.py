"""An owner's approver decides one line item. Approval turns straight into an export order
for the camera's device, in the same transaction, so an approved item is never forgotten.
"""

from __future__ import annotations

import uuid

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain.access import check_decider, visible_items
from video_requests.domain.commands import DecideLineItem
from video_requests.domain.line_items import APPROVED, EXPORTING, REJECTED, transition
from video_requests.domain.requests import parse_permission, required_reason
from video_requests.service_layer import events
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.progress import record_progress


async def approve_line_item(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    permission = parse_permission(command.permission)
    async with uow:
        repo = RequestRepository(uow.session)
        request, item = await _decidable(repo, principal, command)
        transition(item, APPROVED)
        item.permission = permission
        transition(item, EXPORTING)
        item.export_id = uuid.uuid4()
        items = await record_progress(repo, request, item)
        uow.emit(events.approved(request, item, principal))
        uow.emit(events.export_requested(request, item))
        _audit(uow, principal, "line_item.approved", request, item, permission=permission)
        await uow.commit()
    return RequestView(request, visible_items(request.requester_org_id, items, principal))


async def reject_line_item(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    reason = required_reason(command.reason)
    async with uow:
        repo = RequestRepository(uow.session)
        request, item = await _decidable(repo, principal, command)
        transition(item, REJECTED)
        item.reason = reason
        items = await record_progress(repo, request, item)
        uow.emit(events.rejected(request, item))
        _audit(uow, principal, "line_item.rejected", request, item, reason=reason)
        await uow.commit()
    return RequestView(request, visible_items(request.requester_org_id, items, principal))


async def _decidable(
    repo: RequestRepository, principal: Principal, command: DecideLineItem
) -> tuple[VideoRequest, LineItem]:
    """The line item, locked, once the caller is known to be allowed to decide it."""
    found = await repo.lock_item(command.line_item_id)
    if found is None or found[0].id != command.request_id:
        raise NotFound("line item not found")
    request, item = found
    check_decider(request.requester_org_id, item, principal)
    return request, item


def _audit(
    uow: UnitOfWork,
    principal: Principal,
    action: str,
    request: VideoRequest,
    item: LineItem,
    *,
    reason: str | None = None,
    permission: str | None = None,
) -> None:
    uow.audit(
        Actor.of(principal),
        action,
        object_type="line_item",
        object_id=item.id,
        org_ids=(request.requester_org_id, item.owner_org_id),
        reason=reason,
        request_id=request.id,
        camera_id=item.camera_id,
        permission=permission,
        export_id=item.export_id,
    )

"""An owner's approver moves one line item: review, ask for more information, approve
(which orders the export in the same transaction), or reject with a reason.
"""

from __future__ import annotations

import uuid

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, Message, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.access import check_decider, visible_items
from video_requests.domain.commands import DecideLineItem
from video_requests.service_layer import events
from video_requests.service_layer.audit import item_changed
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.progress import now, record_progress


async def approve_line_item(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    repo, request, item = await _decidable(uow, principal, command)
    lifecycle.approve(item, command.permission, uuid.uuid4())
    view = await _progressed(repo, principal, request, item)
    uow.emit(events.approved(request, item, principal.user_id))
    uow.emit(events.export_requested(request, item))
    item_changed(
        uow,
        Actor.of(principal),
        "line_item.approved",
        request,
        item,
        permission=item.permission,
        export_id=item.export_id,
    )
    return view


async def reject_line_item(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    repo, request, item = await _decidable(uow, principal, command)
    lifecycle.reject(item, command.reason)
    view = await _progressed(repo, principal, request, item)
    uow.emit(events.rejected(request, item))
    # Footage preserved before approval stays in the owner's custody: nothing is delivered.
    item_changed(
        uow,
        Actor.of(principal),
        "line_item.rejected",
        request,
        item,
        reason=item.reason,
        preserved_evidence_id=item.preserved_evidence_id,
    )
    return view


async def start_review(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    repo, request, item = await _decidable(uow, principal, command)
    previous = item.status
    lifecycle.start_review(item)
    view = await _progressed(repo, principal, request, item)
    uow.emit(events.status_changed(request, item, previous, actor=principal))
    item_changed(uow, Actor.of(principal), "line_item.review_started", request, item)
    return view


async def request_more_info(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> RequestView:
    """The question becomes the owner's message in the conversation, too."""
    repo, request, item = await _decidable(uow, principal, command)
    previous = item.status
    question = lifecycle.ask_more_info(item, command.reason)
    view = await _progressed(repo, principal, request, item)
    message = owner_message(request, item.owner_org_id, principal, question)
    repo.add_message(message)
    uow.emit(events.status_changed(request, item, previous, actor=principal, reason=question))
    uow.emit(events.message_posted(request, message))
    item_changed(
        uow,
        Actor.of(principal),
        "line_item.more_info_requested",
        request,
        item,
        reason=question,
        message_id=message.id,
    )
    return view


def owner_message(
    request: VideoRequest, owner_org_id: uuid.UUID, principal: Principal, body: str
) -> Message:
    return Message(
        id=uuid.uuid4(),
        request_id=request.id,
        owner_org_id=owner_org_id,
        author_user_id=principal.user_id,
        author_party="owner",
        body=body,
        created_at=now(),
    )


async def _decidable(
    uow: UnitOfWork, principal: Principal, command: DecideLineItem
) -> tuple[RequestRepository, VideoRequest, LineItem]:
    """The line item, locked, once the caller is known to be allowed to decide it."""
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(command.line_item_id)
    if found is None or found[0].id != command.request_id:
        raise NotFound("line item not found")
    request, item = found
    check_decider(request, item, principal)
    return repo, request, item


async def _progressed(
    repo: RequestRepository, principal: Principal, request: VideoRequest, item: LineItem
) -> RequestView:
    """Rolls the decision up into the request; the request as the decider may see it."""
    items = await record_progress(repo, request, item)
    return RequestView(request, visible_items(request, items, principal))

"""The conversation on a request: one thread between the requester and each owner. A
requester's message answers that owner's open questions, so its items go back under review.
"""

from __future__ import annotations

import uuid

from custody_contracts.principal import ROLE_APPROVER, ROLE_ORG_ADMIN, Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, Message, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.access import is_requester, visible_items
from video_requests.domain.commands import PostMessage
from video_requests.domain.line_items import MORE_INFO_REQUESTED
from video_requests.service_layer import events
from video_requests.service_layer.audit import item_changed
from video_requests.service_layer.decisions import owner_message
from video_requests.service_layer.progress import now, record_progress

MAX_BODY = 5_000


async def post_message(uow: UnitOfWork, principal: Principal, command: PostMessage) -> Message:
    body = command.body.strip()
    if not 1 <= len(body) <= MAX_BODY:
        raise InvalidArgument(f"a message needs 1..{MAX_BODY} characters")
    repo = RequestRepository(uow.session)
    found = await repo.lock_request(command.request_id)
    if found is None or not visible_items(found[0], found[1], principal):
        raise NotFound("request not found")
    request, items = found
    if is_requester(request, principal):
        message = _requester_message(request, items, principal, command, body)
        await _answered(uow, repo, principal, request, items, message.owner_org_id)
    else:
        _check_owner_may_write(principal)
        message = owner_message(request, principal.org_id, principal, body)
    repo.add_message(message)
    uow.emit(events.message_posted(request, message))
    uow.audit(
        Actor.of(principal),
        "request.message_posted",
        object_type="video_request",
        object_id=request.id,
        org_ids=(request.requester_org_id, message.owner_org_id),
        message_id=message.id,
        author_party=message.author_party,
    )
    return message


async def list_messages(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID
) -> list[Message]:
    """The requester reads every thread; an owner reads its own."""
    repo = RequestRepository(uow.session)
    request = await repo.get(request_id)
    items = await repo.items(request_id) if request else []
    messages = await repo.messages(request_id) if request else []
    repo.detach_all()
    if request is None or not visible_items(request, items, principal):
        raise NotFound("request not found")
    if is_requester(request, principal):
        return messages
    return [m for m in messages if m.owner_org_id == principal.org_id]


def _requester_message(
    request: VideoRequest,
    items: list[LineItem],
    principal: Principal,
    command: PostMessage,
    body: str,
) -> Message:
    owners = list(dict.fromkeys(item.owner_org_id for item in items))
    owner = command.owner_org_id or (owners[0] if len(owners) == 1 else None)
    if owner not in owners:
        raise InvalidArgument("owner_org_id must name one of the request's camera owners")
    return Message(
        id=uuid.uuid4(),
        request_id=request.id,
        owner_org_id=owner,
        author_user_id=principal.user_id,
        author_party="requester",
        body=body,
        created_at=now(),
    )


async def _answered(
    uow: UnitOfWork,
    repo: RequestRepository,
    principal: Principal,
    request: VideoRequest,
    items: list[LineItem],
    owner_org_id: uuid.UUID,
) -> None:
    waiting = [
        i for i in items if i.owner_org_id == owner_org_id and i.status == MORE_INFO_REQUESTED
    ]
    for item in waiting:
        lifecycle.answered(item)
        uow.emit(events.status_changed(request, item, MORE_INFO_REQUESTED, actor=principal))
        item_changed(uow, Actor.of(principal), "line_item.info_provided", request, item)
    if waiting:
        await record_progress(repo, request, *waiting)


def _check_owner_may_write(principal: Principal) -> None:
    if not principal.has_role(ROLE_APPROVER, ROLE_ORG_ADMIN):
        raise PermissionDenied("only an approver may write for the camera's organization")

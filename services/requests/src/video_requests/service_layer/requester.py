"""What the requester does after submitting: withdraw the request or one of its items."""

from __future__ import annotations

from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem
from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.access import check_requester
from video_requests.domain.commands import CancelRequest
from video_requests.domain.line_items import UNDECIDED
from video_requests.service_layer import events
from video_requests.service_layer.audit import item_changed
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.progress import record_progress


async def cancel(uow: UnitOfWork, principal: Principal, command: CancelRequest) -> RequestView:
    """One item, or every item not yet decided; decided items keep their outcome."""
    repo = RequestRepository(uow.session)
    found = await repo.lock_request(command.request_id)
    if found is None:
        raise NotFound("request not found")
    request, items = found
    check_requester(request, items, principal)
    chosen = _chosen(items, command)
    for item in chosen:
        previous = item.status
        lifecycle.cancel(item)
        uow.emit(events.status_changed(request, item, previous, actor=principal))
        item_changed(uow, Actor.of(principal), "line_item.cancelled", request, item)
    items = await record_progress(repo, request, *chosen)
    return RequestView(request, items)


def _chosen(items: list[LineItem], command: CancelRequest) -> list[LineItem]:
    if command.line_item_id is not None:
        chosen = [item for item in items if item.id == command.line_item_id]
        if not chosen:
            raise NotFound("line item not found")
        return chosen
    undecided = [item for item in items if item.status in UNDECIDED]
    if not undecided:
        statuses = ", ".join(sorted({item.status for item in items}))
        raise Conflict(f"nothing left to cancel: items are {statuses}", current_state=statuses)
    return undecided

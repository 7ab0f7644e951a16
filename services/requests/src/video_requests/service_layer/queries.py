"""Reading requests: every query is scoped to what the caller's organization may see."""

from __future__ import annotations

import uuid

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import UnitOfWork

from video_requests.adapters.repository import RequestRepository
from video_requests.domain.access import visible_items
from video_requests.domain.requests import REQUEST_STATUSES
from video_requests.service_layer.ports import RequestView


async def get_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    """The request with the caller's share of line items; NotFound when it has no share."""
    async with uow:
        repo = RequestRepository(uow.session)
        request = await repo.get(request_id)
        items = await repo.items(request_id) if request else []
        repo.detach_all()
    visible = visible_items(request.requester_org_id, items, principal) if request else []
    if request is None or not visible:
        raise NotFound("request not found")
    return RequestView(request, visible)


async def list_requests(uow: UnitOfWork, principal: Principal, status: str) -> list[RequestView]:
    """Newest first: requests the caller's organization made or owns a camera in."""
    if status and status not in REQUEST_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(sorted(REQUEST_STATUSES))}")
    async with uow:
        repo = RequestRepository(uow.session)
        requests = await repo.list_for_org(principal.org_id, status or None)
        items = await repo.items_of([r.id for r in requests])
        repo.detach_all()
    return [
        RequestView(r, visible_items(r.requester_org_id, items[r.id], principal)) for r in requests
    ]

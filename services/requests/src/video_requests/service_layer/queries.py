"""Reading requests: every query is scoped to what the caller may see."""

from __future__ import annotations

import uuid
from dataclasses import replace

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import UnitOfWork

from video_requests.adapters import search
from video_requests.adapters.repository import RequestRepository
from video_requests.domain.access import is_guest, is_requester, visible_items
from video_requests.domain.commands import RequestFilter
from video_requests.domain.requests import REQUEST_STATUSES
from video_requests.service_layer.ports import RequestView

MAX_PAGE = 500


async def get_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    """The request with the caller's share of line items; NotFound when it has no share."""
    repo = RequestRepository(uow.session)
    request = await repo.get(request_id)
    items = await repo.items(request_id) if request else []
    forms = await repo.forms(request_id) if request else []
    repo.detach_all()
    visible = visible_items(request, items, principal) if request else []
    if request is None or not visible:
        raise NotFound("request not found")
    if not is_requester(request, principal):  # an owner sees only its own form's answers
        forms = [form for form in forms if form.owner_org_id == principal.org_id]
    return RequestView(request, visible, forms)


def check_filter(wanted: RequestFilter) -> RequestFilter:
    if wanted.status and wanted.status not in REQUEST_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(sorted(REQUEST_STATUSES))}")
    if not 0 <= wanted.limit <= MAX_PAGE or wanted.offset < 0:
        raise InvalidArgument(f"limit must be within 0..{MAX_PAGE} and offset not negative")
    return replace(wanted, limit=wanted.limit or 50)


async def list_requests(
    uow: UnitOfWork, principal: Principal, wanted: RequestFilter
) -> tuple[list[RequestView], int]:
    """Newest first: requests the caller may see that match every filter given."""
    wanted = check_filter(wanted)
    repo = RequestRepository(uow.session)
    requests, total = await search.search(uow.session, principal, wanted)
    items = await repo.items_of([r.id for r in requests])
    repo.detach_all()
    views = [RequestView(r, visible_items(r, items[r.id], principal)) for r in requests]
    return views, total


async def review_queue(
    uow: UnitOfWork, principal: Principal, limit: int, offset: int
) -> tuple[list[tuple[RequestView, uuid.UUID]], int]:
    """The line items waiting for the caller's decision, each with its request as the owner
    sees it; the earliest due first."""
    if is_guest(principal):
        raise PermissionDenied("a guest decides no line items")
    if not 0 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidArgument(f"limit must be within 0..{MAX_PAGE} and offset not negative")
    repo = RequestRepository(uow.session)
    waiting, total = await repo.waiting_for(principal, limit or 50, offset)
    items = await repo.items_of(list({request.id for request, _ in waiting}))
    repo.detach_all()
    views = {
        request.id: RequestView(request, visible_items(request, items[request.id], principal))
        for request, _ in waiting
    }
    return [(views[request.id], item.id) for request, item in waiting], total


async def count_requests(
    uow: UnitOfWork, principal: Principal, wanted: RequestFilter
) -> dict[str, int]:
    wanted = check_filter(wanted)
    return await search.count_by_status(uow.session, principal, wanted)

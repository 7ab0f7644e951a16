"""Searchable request records: filtered lists, counts by status, and a streamed CSV export.
Registered before routes/requests.py so /requests/counts is not read as a request id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from custody_contracts.grpc import requests_pb2
from custody_contracts.principal import Principal
from custody_platform.csv_export import csv_line
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from gateway.adapters.clients import Upstream
from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import FORBIDDEN, INVALID, UPSTREAM, body
from gateway.entrypoints.api.schemas.common import Limit, Offset
from gateway.entrypoints.api.schemas.request_records import (
    CSV_COLUMNS,
    RequestQuery,
    StatusCountsPublic,
    csv_rows,
)
from gateway.entrypoints.api.schemas.requests import (
    ReviewQueuePublic,
    VideoRequestsPublic,
    requests_public,
    review_queue_public,
)

router = APIRouter(prefix="/requests", tags=["requests"], responses=UPSTREAM)
QueryDep = Annotated[RequestQuery, Query()]
CSV_PAGE = 500


@router.get("", responses=INVALID)
async def list_requests(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestsPublic:
    """Requests the caller may see, newest first, narrowed by every filter given."""
    found = await upstream.requests.ListRequests(
        query.to_proto(), metadata=call_metadata(principal)
    )
    return requests_public(found)


@router.get("/counts", responses=INVALID)
async def count_requests(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> StatusCountsPublic:
    """How many requests match the filters, by status."""
    counted = await upstream.requests.CountRequests(
        query.to_proto(), metadata=call_metadata(principal)
    )
    return StatusCountsPublic(by_status=dict(counted.by_status), total=counted.total)


@router.get("/review-queue", responses=INVALID | FORBIDDEN)
async def list_review_queue(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    limit: Annotated[Limit, Query()] = 50,
    offset: Annotated[Offset, Query()] = 0,
) -> ReviewQueuePublic:
    """The line items waiting for the caller's decision — its organization's, named to it, or
    named to nobody when its role is approver or org admin — the earliest due first (none
    due last), then the oldest request. Guests decide nothing (403)."""
    found = await upstream.requests.ListReviewQueue(
        requests_pb2.ListReviewQueueRequest(limit=limit, offset=offset),
        metadata=call_metadata(principal),
    )
    return review_queue_public(found)


@router.get(
    "/export.csv",
    response_class=StreamingResponse,
    responses=body("text/csv") | INVALID,
)
async def export_csv(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> StreamingResponse:
    """Every matching request (not one page), one row per line item, streamed page by page;
    cells a spreadsheet would run as formulas are defused. The first page is read before the
    response starts, so a refused filter or a failing service is a problem, not a short file;
    a failure on a later page ends the body without its last chunk, which clients see as an
    error."""
    pages = _pages(query, principal, upstream)
    first = await anext(pages)
    return StreamingResponse(
        _csv(first, pages),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="requests.csv"'},
    )


async def _pages(
    query: RequestQuery, principal: Principal, upstream: Upstream
) -> AsyncIterator[requests_pb2.ListRequestsResponse]:
    offset = 0
    while True:
        page = await upstream.requests.ListRequests(
            query.to_proto(limit=CSV_PAGE, offset=offset), metadata=call_metadata(principal)
        )
        yield page
        offset += len(page.requests)
        if not page.requests or offset >= page.total:
            return


async def _csv(
    first: requests_pb2.ListRequestsResponse,
    rest: AsyncIterator[requests_pb2.ListRequestsResponse],
) -> AsyncIterator[str]:
    yield csv_line(CSV_COLUMNS) + _rows(first)
    async for page in rest:
        yield _rows(page)


def _rows(page: requests_pb2.ListRequestsResponse) -> str:
    return "".join(csv_line(row) for request in page.requests for row in csv_rows(request))

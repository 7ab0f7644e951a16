"""Searchable request records: filtered lists, counts by status, and a streamed CSV export.
Registered before routes/requests.py so /requests/counts is not read as a request id."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated

from custody_contracts.principal import Principal
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from gateway.adapters.clients import Upstream
from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.schemas.request_records import (
    CSV_COLUMNS,
    RequestQuery,
    StatusCountsPublic,
    csv_rows,
)
from gateway.entrypoints.api.schemas.requests import VideoRequestsPublic, requests_public

router = APIRouter(prefix="/requests", tags=["requests"])
QueryDep = Annotated[RequestQuery, Query()]
CSV_PAGE = 500


@router.get("")
async def list_requests(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestsPublic:
    """Requests the caller may see, newest first, narrowed by every filter given."""
    found = await upstream.requests.ListRequests(
        query.to_proto(), metadata=call_metadata(principal)
    )
    return requests_public(found)


@router.get("/counts")
async def count_requests(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> StatusCountsPublic:
    counted = await upstream.requests.CountRequests(
        query.to_proto(), metadata=call_metadata(principal)
    )
    return StatusCountsPublic(by_status=dict(counted.by_status), total=counted.total)


@router.get("/export.csv")
async def export_csv(
    query: QueryDep, principal: CurrentPrincipal, upstream: UpstreamDep
) -> StreamingResponse:
    """Every matching request (not one page), one row per line item, streamed page by page."""
    return StreamingResponse(
        _csv(query, principal, upstream),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="requests.csv"'},
    )


async def _csv(query: RequestQuery, principal: Principal, upstream: Upstream) -> AsyncIterator[str]:
    yield _line(CSV_COLUMNS)
    offset = 0
    while True:
        page = await upstream.requests.ListRequests(
            query.to_proto(limit=CSV_PAGE, offset=offset), metadata=call_metadata(principal)
        )
        for request in page.requests:
            yield "".join(_line(row) for row in csv_rows(request))
        offset += len(page.requests)
        if not page.requests or offset >= page.total:
            return


def _line(row: object) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)  # type: ignore[arg-type]
    return buffer.getvalue()

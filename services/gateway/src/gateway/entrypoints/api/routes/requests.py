from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import requests_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.schemas.requests import (
    Approval,
    Rejection,
    RequestCreate,
    VideoRequestPublic,
    VideoRequestsPublic,
    request_public,
    requests_public,
)

router = APIRouter(prefix="/requests", tags=["requests"])


@router.post("", status_code=201)
async def submit_request(
    body: RequestCreate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestPublic:
    submitted = await upstream.requests.SubmitRequest(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return request_public(submitted)


@router.get("")
async def list_requests(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    status: Annotated[str, Query(max_length=40)] = "",
) -> VideoRequestsPublic:
    """Requests of the caller's organization and those asking for its cameras."""
    found = await upstream.requests.ListRequests(
        requests_pb2.ListRequestsRequest(status=status), metadata=call_metadata(principal)
    )
    return requests_public(found)


@router.get("/{request_id}")
async def read_request(
    request_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestPublic:
    found = await upstream.requests.GetRequest(
        requests_pb2.GetRequestRequest(id=str(request_id)), metadata=call_metadata(principal)
    )
    return request_public(found)


@router.post("/{request_id}/line-items/{line_item_id}/approve")
async def approve_line_item(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    body: Approval,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """409 with ``current_state`` when the line item was already decided."""
    decision = requests_pb2.DecideLineItemRequest(
        request_id=str(request_id), line_item_id=str(line_item_id), permission=body.permission
    )
    decided = await upstream.requests.ApproveLineItem(decision, metadata=call_metadata(principal))
    return request_public(decided)


@router.post("/{request_id}/line-items/{line_item_id}/reject")
async def reject_line_item(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    body: Rejection,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    decision = requests_pb2.DecideLineItemRequest(
        request_id=str(request_id), line_item_id=str(line_item_id), reason=body.reason
    )
    decided = await upstream.requests.RejectLineItem(decision, metadata=call_metadata(principal))
    return request_public(decided)

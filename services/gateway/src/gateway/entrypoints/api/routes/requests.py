"""Video requests: submit, read, and move line items (owner decisions, requester cancels)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from custody_contracts.grpc import requests_pb2
from custody_contracts.principal import Principal
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Header

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.schemas.requests import (
    Approval,
    MessageCreate,
    MessagePublic,
    MessagesPublic,
    MoreInfo,
    Rejection,
    RequestCreate,
    VideoRequestPublic,
    message_public,
    request_public,
)

router = APIRouter(prefix="/requests", tags=["requests"], responses=UPSTREAM)
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[!-~]([ -~]*[!-~])?$",
        description="Any unique string (a UUID, say): a retry with the same key and body "
        "returns the request first made instead of making another; the same key with another "
        "body is 422.",
    ),
]
ITEM = "/{request_id}/line-items/{line_item_id}"


async def _move(
    rpc: Callable[..., Awaitable[requests_pb2.VideoRequest]],
    principal: Principal,
    request_id: uuid.UUID,
    line_item_id: uuid.UUID | None = None,
    **fields: str,
) -> VideoRequestPublic:
    """One decision on a line item (or, without one, on the whole request) and the request
    as it is afterwards; 409 with ``current_state`` when the item is past it."""
    decision = requests_pb2.DecideLineItemRequest(
        request_id=str(request_id), line_item_id=str(line_item_id or ""), **fields
    )
    return request_public(await rpc(decision, metadata=call_metadata(principal)))


@router.post("", status_code=201, responses=CREATE | NOT_FOUND)
async def submit_request(
    body: RequestCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    idempotency_key: IdempotencyKey = None,
) -> VideoRequestPublic:
    """A video request: one line item per camera and window, each decided by the camera's owner.

    Send an ``Idempotency-Key`` to retry safely after a timeout or a dropped connection."""
    message = body.to_proto()
    message.idempotency_key = idempotency_key or ""
    submitted = await upstream.requests.SubmitRequest(message, metadata=call_metadata(principal))
    return request_public(submitted)


@router.get("/{request_id}", responses=NOT_FOUND)
async def read_request(
    request_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestPublic:
    """A request the caller made or owns cameras in (owners see their own line items)."""
    found = await upstream.requests.GetRequest(
        requests_pb2.GetRequestRequest(id=str(request_id)), metadata=call_metadata(principal)
    )
    return request_public(found)


@router.post(f"{ITEM}/approve", responses=CHANGE)
async def approve_line_item(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    body: Approval,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """409 with ``current_state`` when the line item was already decided."""
    rpc = upstream.requests.ApproveLineItem
    return await _move(rpc, principal, request_id, line_item_id, permission=body.permission)


@router.post(f"{ITEM}/reject", responses=CHANGE)
async def reject_line_item(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    body: Rejection,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """The owner's refusal, with the reason the requester sees."""
    rpc = upstream.requests.RejectLineItem
    return await _move(rpc, principal, request_id, line_item_id, reason=body.reason)


@router.post(f"{ITEM}/review", responses=CHANGE)
async def start_review(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """The owner marks a line item as under review."""
    return await _move(upstream.requests.StartReview, principal, request_id, line_item_id)


@router.post(f"{ITEM}/more-info", responses=CHANGE)
async def request_more_info(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    body: MoreInfo,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """The owner's question; the requester answers with a message."""
    rpc = upstream.requests.RequestMoreInfo
    return await _move(rpc, principal, request_id, line_item_id, reason=body.question)


@router.post("/{request_id}/cancel", responses=CHANGE)
async def cancel_request(
    request_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> VideoRequestPublic:
    """Every line item not decided yet; decided ones keep their outcome."""
    return await _move(upstream.requests.CancelRequest, principal, request_id)


@router.post(f"{ITEM}/cancel", responses=CHANGE)
async def cancel_line_item(
    request_id: uuid.UUID,
    line_item_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """The requester cancels one line item not decided yet."""
    return await _move(upstream.requests.CancelRequest, principal, request_id, line_item_id)


@router.get("/{request_id}/messages", responses=NOT_FOUND)
async def list_messages(
    request_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> MessagesPublic:
    """The messages between the requester and the camera owners."""
    found = await upstream.requests.ListMessages(
        requests_pb2.ListMessagesRequest(request_id=str(request_id)),
        metadata=call_metadata(principal),
    )
    items = [message_public(m) for m in found.messages]
    return MessagesPublic(items=items, count=len(items))


@router.post("/{request_id}/messages", status_code=201, responses=CHANGE)
async def post_message(
    request_id: uuid.UUID, body: MessageCreate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> MessagePublic:
    """A requester's message answers the owner's open questions (items go back under review)."""
    message = requests_pb2.PostMessageRequest(
        request_id=str(request_id),
        owner_org_id=str(body.owner_org_id or ""),
        body=body.body,
    )
    posted = await upstream.requests.PostMessage(message, metadata=call_metadata(principal))
    return message_public(posted)

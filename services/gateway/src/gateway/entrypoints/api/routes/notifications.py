"""The caller's in-app notifications (kept by the notifier), and a live stream of the unread
count as Server-Sent Events (decision 0022)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import grpc
from custody_contracts.grpc import notifications_pb2
from custody_platform.errors import DomainError
from custody_platform.grpc.client import call_metadata
from custody_platform.logging import get_logger
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from gateway.adapters.clients import Upstream
from gateway.domain.tokens import AccessClaims
from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    CurrentSession,
    GatewayState,
    StateDep,
    UpstreamDep,
)
from gateway.entrypoints.api.responses import NOT_FOUND, UPSTREAM, body
from gateway.entrypoints.api.schemas.common import Limit, Offset
from gateway.entrypoints.api.schemas.notifications import (
    MarkedPublic,
    NotificationPublic,
    NotificationsPublic,
    UnreadCountPublic,
    notification_public,
    notifications_public,
)
from gateway.service_layer import sessions

log = get_logger()
router = APIRouter(prefix="/notifications", tags=["notifications"], responses=UPSTREAM)

# The stream asks the notifier for the count this often, comments this often so proxies and
# the client see it alive (and re-checks the session then), and ends after its lifetime: the
# client reconnects, with its token checked anew.
POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
LIFETIME_SECONDS = 300.0
RETRY_MS = 2000


@router.get("")
async def list_notifications(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    unread: Annotated[
        bool | None, Query(description="true: unread only; false: read only; absent: all")
    ] = None,
    limit: Annotated[Limit, Query()] = 50,
    offset: Annotated[Offset, Query()] = 0,
) -> NotificationsPublic:
    """The caller's own notifications, newest first, with its unread count."""
    request = notifications_pb2.ListNotificationsRequest(limit=limit, offset=offset)
    if unread is not None:
        request.read = not unread
    found = await upstream.notifications.ListNotifications(
        request, metadata=call_metadata(principal)
    )
    return notifications_public(found)


@router.get("/unread-count")
async def count_unread_notifications(
    principal: CurrentPrincipal, upstream: UpstreamDep
) -> UnreadCountPublic:
    """How many of the caller's notifications are unread."""
    counted = await _count(upstream, call_metadata(principal))
    return UnreadCountPublic(unread=counted)


@router.post("/read-all")
async def mark_all_notifications_read(
    principal: CurrentPrincipal, upstream: UpstreamDep
) -> MarkedPublic:
    """Every unread notification of the caller, read now."""
    done = await upstream.notifications.MarkAllRead(
        notifications_pb2.MarkAllReadRequest(), metadata=call_metadata(principal)
    )
    return MarkedPublic(marked=done.marked)


@router.post("/{notification_id}/read", responses=NOT_FOUND)
async def mark_notification_read(
    notification_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> NotificationPublic:
    """One of the caller's notifications, read (another user's answers 404)."""
    marked = await upstream.notifications.MarkRead(
        notifications_pb2.MarkReadRequest(id=str(notification_id)),
        metadata=call_metadata(principal),
    )
    return notification_public(marked)


@router.get("/stream", response_class=StreamingResponse, responses=body("text/event-stream"))
async def stream_notifications(
    claims: CurrentSession, state: StateDep, upstream: UpstreamDep
) -> StreamingResponse:
    """Server-Sent Events: an `unread` event (`{"unread": n}`) at once and whenever the count
    changes (checked every few seconds), a comment every 15 s, and an end after 5 minutes or
    when the session ends; clients reconnect. The first count is read before the response
    starts, so a notifier that is down is a problem, not an empty stream."""
    metadata = call_metadata(claims.principal)
    first = await _count(upstream, metadata)
    return StreamingResponse(
        _events(first, claims, state, metadata),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _count(upstream: Upstream, metadata: list[tuple[str, str]]) -> int:
    counted = await upstream.notifications.CountUnread(
        notifications_pb2.CountUnreadRequest(), metadata=metadata
    )
    return int(counted.unread)


def unread_event(count: int) -> str:
    return f"event: unread\ndata: {json.dumps({'unread': count})}\n\n"


async def _events(
    first: int, claims: AccessClaims, state: GatewayState, metadata: list[tuple[str, str]]
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n" + unread_event(first)
    last, started = first, time.monotonic()
    beat = started
    while time.monotonic() - started < LIFETIME_SECONDS:
        await asyncio.sleep(POLL_SECONDS)
        try:
            count = await _count(state.upstream, metadata)
        except (grpc.aio.AioRpcError, DomainError) as failed:
            log.warning("notifications.stream_ended", error=repr(failed))
            return  # the client reconnects, and then hears of a notifier still down
        if count != last:
            last = count
            yield unread_event(count)
        if time.monotonic() - beat >= HEARTBEAT_SECONDS:
            if not await _session_alive(state, claims):
                return
            beat = time.monotonic()
            yield ": heartbeat\n\n"


async def _session_alive(state: GatewayState, claims: AccessClaims) -> bool:
    """Whether the stream's session still stands (not ended, idle, or its user deactivated).
    Not committed: an open stream is not a use of the session, so it never keeps one alive."""
    async with state.uow_factory() as uow:
        try:
            await sessions.authenticate(uow, state.auth, claims, operation="stream_notifications")
        except DomainError:
            return False
    return True

"""The notification tray: the list, mark read, and the live stream the bell in the header
listens to (htmx's SSE extension), relayed from the gateway's with the session's token: the
browser never holds the token (decision 0022)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from functools import partial

import structlog
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from web.domain import notifications as tray
from web.domain.errors import ApiProblem, SignedOut
from web.domain.notifications import Notifications
from web.entrypoints.deps import COOKIE, PostedSession, Session, StateDep, WebState, render
from web.service_layer.sessions import call, now

log = structlog.get_logger()
router = APIRouter()
API = "/notifications"
UNREAD_SHOWN = 100
READ_PAGE = 20
NO_CONTENT = 204
RETRY_MS = 3000


@router.get("/notifications", response_class=HTMLResponse)
async def notifications_page(
    request: Request,
    state: StateDep,
    session: Session,
    page: int = Query(default=1, ge=1, le=10_000),
) -> HTMLResponse:
    """Unread ones first, then the read ones a page at a time; newest first in each."""
    offset = (page - 1) * READ_PAGE
    unread = partial(state.gateway.get, Notifications, API, unread="true", limit=UNREAD_SHOWN)
    earlier = partial(
        state.gateway.get, Notifications, API, unread="false", limit=READ_PAGE, offset=offset
    )
    fresh = await call(state.store, state.gateway, session, unread)
    read = await call(state.store, state.gateway, session, earlier)
    return render(
        request,
        state,
        session,
        "notifications/list.html",
        section="notifications",
        unread=fresh,
        read=read,
        page=page,
        bell_count=fresh.unread,
        more=offset + len(read.items) < read.total,
    )


@router.post("/notifications/read-all")
async def mark_all_read(state: StateDep, session: PostedSession) -> RedirectResponse:
    await call(state.store, state.gateway, session, partial(_send, state, f"{API}/read-all"))
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/{notification_id}/read")
async def mark_read(
    notification_id: uuid.UUID, state: StateDep, session: PostedSession
) -> RedirectResponse:
    path = f"{API}/{notification_id}/read"
    await call(state.store, state.gateway, session, partial(_send, state, path))
    return RedirectResponse("/notifications", status_code=303)


async def _send(state: WebState, path: str, token: str) -> None:
    await state.gateway.send("POST", path, token)


@router.get("/notifications/stream", response_class=StreamingResponse)
async def stream(request: Request, state: StateDep) -> Response:
    """The bell's events: `bell` (the bell's new content, its id the count) when the count
    changes, and `announce` (words for screen readers) when it changes from what the page
    showed (the browser's Last-Event-ID). Peeked, not used: an open page still goes idle."""
    session = state.store.peek(request.cookies.get(COOKIE), now())
    if session is None or not session.signed_in:
        return Response(status_code=NO_CONTENT)  # an EventSource stops on 204
    try:
        token = await call(state.store, state.gateway, session, _token)
    except SignedOut:
        return Response(status_code=NO_CONTENT)
    shown = tray.last_event_id(request.headers.get("last-event-id"))
    return StreamingResponse(
        _relay(state, token, shown),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _token(token: str) -> str:
    return token


async def _relay(state: WebState, token: str, shown: int | None) -> AsyncIterator[str]:
    """Ends with the gateway's stream (it ends every few minutes, or with the session); the
    browser reconnects after RETRY_MS with a fresh token."""
    yield f"retry: {RETRY_MS}\n\n"
    bell = state.templates.get_template("notifications/_bell.html")
    events = tray.UnreadEvents()
    try:
        async with state.gateway.stream_lines(f"{API}/stream", token) as lines:
            async for line in lines:
                if line.startswith(":"):
                    yield ": heartbeat\n\n"  # finds a browser that left
                count = events.feed(line)
                if count is None or count == shown:
                    continue
                yield tray.sse_event("bell", bell.render(bell_count=count), str(count))
                if shown is not None:
                    yield tray.sse_event("announce", tray.announcement(count))
                shown = count
    except ApiProblem as failed:  # the gateway refused or is gone: the browser retries
        log.info("notifications.relay_ended", status=failed.status)

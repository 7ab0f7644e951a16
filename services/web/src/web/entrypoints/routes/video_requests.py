"""Requests as the people on both sides use them: compose one to several owners, the list with
its filters, a request's page with its conversation, and the approver's review queue and
decisions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from web.domain.errors import ApiProblem
from web.domain.request_filters import RequestFilters, filter_errors
from web.domain.request_views import REQUEST_STATUSES
from web.domain.requests_forms import Compose, field_errors, local_value
from web.domain.reviews import DECISIONS, PERMISSIONS, TEXTS, Decision, conflict_message
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import video_requests as use

router = APIRouter()
MAX_CAMERAS = 50
MAX_QUEUE_PAGES = 10_000  # of 100 items: far past any queue, well inside the API's offsets
CONFLICT, INVALID = 409, (400, 422)


@router.get("/requests", response_class=HTMLResponse)
async def requests_list(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    filters = RequestFilters.of(request.query_params)
    context: dict[str, Any] = {"filters": filters, "statuses": REQUEST_STATUSES, "errors": {}}
    try:
        context["found"], context["counts"] = await use.request_list(
            session_api(state, session), filters
        )
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        context["errors"] = filter_errors(refused.problem)
    # htmx swaps the results only; restoring its history asks for the whole page.
    headers = request.headers
    partial = headers.get("hx-request") and not headers.get("hx-history-restore-request")
    template = "requests/_results.html" if partial else "requests/list.html"
    return render(request, state, session, template, section="requests", **context)


@router.get("/requests/export.csv")
async def requests_csv(request: Request, state: StateDep, session: Session) -> Response:
    """The API's export for the same filters, passed on with the session's token."""
    answer = await use.export_csv(
        session_api(state, session), RequestFilters.of(request.query_params)
    )
    disposition = answer.headers.get("content-disposition", 'attachment; filename="requests.csv"')
    return Response(
        answer.content,
        media_type=answer.headers.get("content-type", "text/csv; charset=utf-8"),
        headers={"Content-Disposition": disposition},
    )


@router.get("/requests/new", response_class=HTMLResponse)
async def compose(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    camera_ids, error = _cameras(request.query_params.getlist("camera"))
    if error or not camera_ids:
        errors = {"camera": error} if error else {}
        return render(
            request,
            state,
            session,
            "requests/choose.html",
            section="requests",
            errors=errors,
            typed=request.query_params.get("camera", ""),
        )
    parts = await use.compose_parts(session_api(state, session), camera_ids)
    return _compose_page(request, state, session, Compose(parts), {})


@router.post("/requests/new", response_class=HTMLResponse)
async def send_request(request: Request, state: StateDep, session: PostedSession) -> Response:
    form = await request.form()
    camera_ids, _ = _cameras([str(c) for c in form.getlist("camera")])
    api = session_api(state, session)
    typed = Compose(await use.compose_parts(api, camera_ids)).read(form)
    key = _idempotency_key(form.get("idempotency_key"))
    if errors := typed.missing():
        return _compose_page(request, state, session, typed, errors, 400, key)
    try:
        created = await use.submit(api, typed.body(), key)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = field_errors(refused.problem, typed)
        return _compose_page(request, state, session, typed, errors, 400, key)
    return RedirectResponse(f"/requests/{created.id}", status_code=303)


def _idempotency_key(value: object) -> str:
    """The page's key as sent back (a UUID this app wrote), or none: a forged or missing one
    only loses the protection against sending twice."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return ""


def _cameras(values: list[str]) -> tuple[list[uuid.UUID], str]:
    """The cameras asked for (each once), or why they cannot be read."""
    found: list[uuid.UUID] = []
    for value in values:
        try:
            camera = uuid.UUID(value.strip())
        except ValueError:
            return [], "Enter a camera id like 0b3e5c2a-9d41-4f6e-8a77-1c2d3e4f5a6b"
        if camera not in found:
            found.append(camera)
    if len(found) > MAX_CAMERAS:
        return [], f"A request may ask for at most {MAX_CAMERAS} cameras"
    return found, ""


def _compose_page(
    request: Request,
    state: WebState,
    session: Any,
    typed: Compose,
    errors: dict[str, str],
    status_code: int = 200,
    idempotency_key: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    return render(
        request, state, session, "requests/new.html", status_code=status_code,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
        section="requests", compose=typed, values=typed.values, errors=errors,
        warnings=typed.warnings(now), latest=local_value(now),
    )  # fmt: skip


@router.get("/requests/{request_id}", response_class=HTMLResponse)
async def request_detail(
    request: Request, request_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    return await _request_page(request, state, session, request_id)


async def _request_page(
    request: Request,
    state: WebState,
    session: Any,
    request_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = await use.request_page(session_api(state, session), request_id)
    mine = {
        item.id
        for item in page.request.line_items
        if page.me.decides and item.owner_org_id == page.me.org_id and item.undecided
    }
    context = {"errors": {}, "values": {}, **context}
    return render(
        request, state, session, "requests/detail.html", status_code=status_code,
        section="requests", item=page.request, messages=page.messages.items, mine=mine,
        owners=page.owners, requester=page.me.org_id == page.request.requester_org_id,
        my_org=page.me.org_id, permissions=PERMISSIONS, **context,
    )  # fmt: skip


@router.post("/requests/{request_id}/line-items/{item_id}/{decision}", response_class=HTMLResponse)
async def decide(
    request: Request,
    request_id: uuid.UUID,
    item_id: uuid.UUID,
    decision: str,
    state: StateDep,
    session: PostedSession,
) -> Response:
    if decision not in DECISIONS:
        raise HTTPException(404)
    chosen: Decision = decision  # type: ignore[assignment]
    form = await request.form()
    name, empty = TEXTS.get(chosen, ("permission", ""))
    text, field = str(form.get(name) or ""), f"{name}-{item_id}"
    if empty and not text.strip():
        return await _request_page(
            request, state, session, request_id, 400, errors={field: empty}, values={field: text}
        )
    try:
        await use.decide(session_api(state, session), request_id, item_id, chosen, text)
    except ApiProblem as refused:
        return await _refused(request, state, session, request_id, item_id, refused, field, text)
    return RedirectResponse(f"/requests/{request_id}#line-item-{item_id}", status_code=303)


async def _refused(
    request: Request,
    state: WebState,
    session: Any,
    request_id: uuid.UUID,
    item_id: uuid.UUID,
    refused: ApiProblem,
    field: str,
    text: str,
) -> HTMLResponse:
    """A conflict shows the item as it is now and who got there first; a refused text is put
    next to its field, kept as typed."""
    if refused.status == CONFLICT:
        page = await use.request_page(session_api(state, session), request_id)
        item = page.request.item(item_id)
        message = conflict_message(item) if item else refused.problem.message
        conflict = {"item_id": item_id, "message": message}
        return await _request_page(request, state, session, request_id, 409, conflict=conflict)
    if refused.status not in INVALID:
        raise refused
    errors = {field: refused.problem.message}
    return await _request_page(
        request, state, session, request_id, 400, errors=errors, values={field: text}
    )


@router.post("/requests/{request_id}/messages", response_class=HTMLResponse)
async def post_message(
    request: Request, request_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    form = await request.form()
    body, owner_text = str(form.get("body") or ""), str(form.get("owner") or "")
    if not body.strip():
        errors = {"body": "Enter your message"}
        return await _request_page(request, state, session, request_id, 400, errors=errors)
    try:
        owner = uuid.UUID(owner_text) if owner_text else None
    except ValueError:
        raise HTTPException(404) from None
    try:
        await use.post_message(session_api(state, session), request_id, body, owner)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors, values = {"body": refused.problem.message}, {"body": body}
        return await _request_page(
            request, state, session, request_id, 400, errors=errors, values=values
        )
    return RedirectResponse(f"/requests/{request_id}#conversation", status_code=303)


@router.get("/reviews", response_class=HTMLResponse)
async def reviews(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    page = _page_number(request.query_params.get("page", "1"))
    waiting, total = await use.review_queue(session_api(state, session), page - 1)
    pages = max(1, -(-total // use.QUEUE_PAGE))
    return render(request, state, session, "reviews/queue.html", section="reviews",
                  waiting=waiting, total=total, page=page, pages=pages)  # fmt: skip


def _page_number(typed: str) -> int:
    """A page number from the address; anything else is the first page."""
    return int(typed) if typed.isdigit() and 0 < int(typed) <= MAX_QUEUE_PAGES else 1

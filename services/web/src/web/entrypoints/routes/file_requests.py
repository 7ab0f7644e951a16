"""A case's public file requests: open one (title, instructions, consent, end date), show its
link and QR code once, list the requests with their state, withdraw one after a confirmation,
and watch the uploads arrive (the list refreshes itself every few seconds with htmx)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.file_requests import FIELDS, FileRequestForm
from web.domain.sessions import WebSession
from web.domain.sharing import qr_svg, refusal_errors
from web.domain.views import Problem
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import file_requests as use

router = APIRouter()
INVALID = (400, 422)
POLL_SECONDS = 3


@router.get("/cases/{case_id}/file-requests", response_class=HTMLResponse)
async def requests_page(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    done = request.query_params.get("done", "")
    opened = session.drafts.pop(f"file-request:{case_id}", None)
    if opened is not None:
        opened["qr"] = qr_svg(opened["url"], "QR code of the upload link")
    return await _page(request, state, session, case_id, done=done, opened=opened)


@router.post("/cases/{case_id}/file-requests", response_class=HTMLResponse)
async def open_request(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """The link's address is shown once, on the page this redirects to (then forgotten)."""
    form = FileRequestForm.read(await request.form())
    if errors := form.problems(datetime.now(UTC).date()):
        return await _page(request, state, session, case_id, 400, form=form, errors=errors)
    try:
        created = await use.create(session_api(state, session), case_id, form)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = refusal_errors(refused.problem, FIELDS, "title")
        return await _page(request, state, session, case_id, 400, form=form, errors=errors)
    # Shown by the page the browser is sent to, once: a reload neither posts again nor shows it.
    opened = {"url": _absolute(request, created.url), "request": created}
    session.drafts[f"file-request:{case_id}"] = opened
    return RedirectResponse(f"/cases/{case_id}/file-requests#opened-heading", status_code=303)


@router.get("/cases/{case_id}/file-requests/uploads", response_class=HTMLResponse)
async def uploads(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The uploads received, for htmx to swap in every few seconds."""
    found = await use.uploads(session_api(state, session), case_id)
    return render(
        request, state, session, "file_requests/_uploads.html", page=found, case_id=case_id,
        poll=POLL_SECONDS,
    )  # fmt: skip


@router.get("/cases/{case_id}/file-requests/{request_id}/withdraw", response_class=HTMLResponse)
async def confirm_withdraw(
    request: Request, case_id: uuid.UUID, request_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    found = await use.requests_page(session_api(state, session), case_id)
    chosen = next((r for r in found.requests if r.id == request_id), None)
    if chosen is None:
        raise ApiProblem(Problem(status=404, title="Not Found"))
    return render(
        request, state, session, "file_requests/withdraw.html", section="cases",
        case=found.case, chosen=chosen, received=found.count(request_id),
    )  # fmt: skip


@router.post("/cases/{case_id}/file-requests/{request_id}/withdraw")
async def withdraw(
    case_id: uuid.UUID, request_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    await use.withdraw(session_api(state, session), request_id)
    return RedirectResponse(f"/cases/{case_id}/file-requests?done=withdrawn", status_code=303)


def _absolute(request: Request, url: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{url}" if url.startswith("/") else url


async def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    case_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    found = await use.requests_page(session_api(state, session), case_id)
    defaults: dict[str, Any] = {
        "form": FileRequestForm.empty(datetime.now(UTC).date()),
        "errors": {},
        "opened": None,
        "done": "",
    }
    return render(
        request, state, session, "file_requests/page.html", status_code=status_code,
        section="cases", page=found, case=found.case, case_id=case_id, poll=POLL_SECONDS,
        **(defaults | context),
    )  # fmt: skip

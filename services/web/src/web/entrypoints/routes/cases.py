"""Cases: the list with its filters, the case form (new and edit), and a case's page with its
status, legal hold and evidence grid."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.case_bulk import GridPage
from web.domain.case_filters import CaseFilters, filter_errors
from web.domain.case_form import CaseForm, form_errors
from web.domain.case_views import CASE_STATUSES, CONFIRMED, STATUS_ACTIONS
from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import cases as use

router = APIRouter()
INVALID = (400, 422)
CONFLICT = 409


def _org(session: WebSession) -> uuid.UUID | None:
    user = session.user
    return None if user is None or "guest" in user.roles else user.org_id


@router.get("/cases", response_class=HTMLResponse)
async def case_list(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    filters = CaseFilters.of(request.query_params, guest=_org(session) is None)
    api = session_api(state, session)
    context: dict[str, Any] = {"filters": filters, "statuses": CASE_STATUSES, "errors": {}}
    context["people"] = people = await use.directory(api, _org(session))
    context["names"] = {person.id: person.display_name for person in people}
    try:
        context["found"] = await use.case_list(api, filters)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        context["errors"] = filter_errors(refused.problem.errors, refused.problem.message)
    # htmx swaps the results only; restoring its history asks for the whole page.
    headers = request.headers
    partial = headers.get("hx-request") and not headers.get("hx-history-restore-request")
    template = "cases/_results.html" if partial else "cases/list.html"
    return render(request, state, session, template, section="cases", **context)


@router.get("/cases/new", response_class=HTMLResponse)
async def new_case(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    return await _form_page(request, state, session, CaseForm(), None, {})


@router.post("/cases/new", response_class=HTMLResponse)
async def create_case(request: Request, state: StateDep, session: PostedSession) -> Response:
    typed = CaseForm.read(await request.form())
    if errors := typed.problems():
        return await _form_page(request, state, session, typed, None, errors, 400)
    try:
        created = await use.create(session_api(state, session), typed)
    except ApiProblem as refused:
        if refused.status not in (*INVALID, CONFLICT):
            raise
        errors = form_errors(refused.problem)
        return await _form_page(request, state, session, typed, None, errors, 400)
    return RedirectResponse(f"/cases/{created.id}", status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_detail(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    return await case_page_response(request, state, session, case_id)


@router.get("/cases/{case_id}/edit", response_class=HTMLResponse)
async def edit_case(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    case = await use.read_case(session_api(state, session), case_id)
    return await _form_page(request, state, session, CaseForm.of(case), case_id, {})


@router.post("/cases/{case_id}/edit", response_class=HTMLResponse)
async def update_case(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    typed = CaseForm.read(await request.form())
    if errors := typed.problems():
        return await _form_page(request, state, session, typed, case_id, errors, 400)
    try:
        await use.update(session_api(state, session), case_id, typed)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = form_errors(refused.problem)
        return await _form_page(request, state, session, typed, case_id, errors, 400)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


async def _form_page(
    request: Request,
    state: WebState,
    session: WebSession,
    typed: CaseForm,
    case_id: uuid.UUID | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    people = await use.directory(session_api(state, session), _org(session))
    return render(
        request, state, session, "cases/form.html", status_code=status_code, section="cases",
        form=typed, case_id=case_id, people=people, errors=errors,
    )  # fmt: skip


@router.post("/cases/{case_id}/status", response_class=HTMLResponse)
async def change_status(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    form = await request.form()
    status, reason = str(form.get("status") or ""), str(form.get("reason") or "")
    if status in CONFIRMED and form.get("confirmed") != "yes":
        confirm = {"status": status, "reason": reason, "message": CONFIRMED[status]}
        return await case_page_response(request, state, session, case_id, confirm=confirm)
    try:
        await use.set_status(session_api(state, session), case_id, status, reason)
    except ApiProblem as refused:
        if refused.status not in (*INVALID, CONFLICT):
            raise
        errors = {"reason": refused.problem.message}
        return await case_page_response(
            request, state, session, case_id, 400, errors=errors, values={"reason": reason}
        )
    return RedirectResponse(f"/cases/{case_id}#status", status_code=303)


@router.post("/cases/{case_id}/legal-hold", response_class=HTMLResponse)
async def change_legal_hold(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    form = await request.form()
    on, reason = form.get("on") == "true", str(form.get("hold_reason") or "")
    try:
        await use.set_legal_hold(session_api(state, session), case_id, on, reason)
    except ApiProblem as refused:
        if refused.status not in (*INVALID, CONFLICT):
            raise
        errors, values = {"hold_reason": refused.problem.message}, {"hold_reason": reason}
        return await case_page_response(
            request, state, session, case_id, 400, errors=errors, values=values
        )
    return RedirectResponse(f"/cases/{case_id}#legal-hold", status_code=303)


async def case_page_response(
    request: Request,
    state: WebState,
    session: WebSession,
    case_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The case page; the grid's bulk form (routes/case_bulk.py) shows its refusals on it too,
    on the page of the grid it was sent from."""
    grid = GridPage.of(request.query_params)
    found = await use.case_page(session_api(state, session), case_id, _org(session), grid)
    if not found.evidence.previous_cursor:  # a page number carried over a change to the case
        grid = GridPage()
    changed = request.query_params.get("changed", "")
    context = {"errors": {}, "values": {}, "confirm": None, **context}
    return render(
        request, state, session, "cases/detail.html", status_code=status_code, section="cases",
        case=found.case, evidence=found.evidence.items, names=found.names, grid=grid,
        total=found.evidence.total, next_cursor=found.evidence.next_cursor,
        previous_cursor=found.evidence.previous_cursor, actions=STATUS_ACTIONS,
        categories=found.categories, changed=int(changed) if changed.isdigit() else None,
        **context,
    )  # fmt: skip


@router.get("/cases/{case_id}/evidence/{evidence_id}/thumbnail")
async def evidence_thumbnail(
    case_id: uuid.UUID, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> Response:
    """The item's poster frame, relayed with the session's token (the API checks access)."""
    answer = await use.thumbnail(session_api(state, session), evidence_id)
    media_type = answer.headers.get("content-type", "application/octet-stream")
    return Response(answer.content, media_type=media_type, headers={"Cache-Control": "private"})

"""The evidence player: an item's page (video, photo, audio or a file, its metadata, integrity
and comments at a time code), its bytes relayed from the gateway's verified range stream, and
a case's videos side by side on one clock (/cases/{id}/multiview?item=..&item=..)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from web.domain.errors import ApiProblem
from web.domain.player import SPEEDS, multiview_problem, parse_time_code
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import player as use
from web.service_layer.relay import relay

router = APIRouter()
INVALID = (400, 422)
NOT_SATISFIABLE = 416


def _org(session: WebSession) -> uuid.UUID | None:
    user = session.user
    return None if user is None or "guest" in user.roles else user.org_id


@router.get("/evidence/{evidence_id}", response_class=HTMLResponse)
async def player(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    return await _player_page(request, state, session, evidence_id)


async def _player_page(
    request: Request,
    state: WebState,
    session: WebSession,
    evidence_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    found = await use.player_page(session_api(state, session), evidence_id, _org(session))
    context = {"errors": {}, "values": {}, **context}
    return render(
        request, state, session, "player/item.html", status_code=status_code, section="cases",
        item=found.item, comments=found.comments, names=found.names, speeds=SPEEDS, **context,
    )  # fmt: skip


@router.post("/evidence/{evidence_id}/comments", response_class=HTMLResponse)
async def add_comment(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    form = await request.form()
    values = {name: str(form.get(name) or "") for name in ("body", "at")}
    errors: dict[str, str] = {}
    if not values["body"].strip():
        errors["body"] = "Enter a comment"
    try:
        at_s = parse_time_code(values["at"])
    except ValueError as wrong:
        errors["at"], at_s = str(wrong), None
    if not errors:
        try:
            await use.add_comment(session_api(state, session), evidence_id, values["body"], at_s)
        except ApiProblem as refused:
            if refused.status not in INVALID:
                raise
            errors["body"] = refused.problem.message
    if errors:
        return await _player_page(
            request, state, session, evidence_id, 400, errors=errors, values=values
        )
    return RedirectResponse(f"/evidence/{evidence_id}#comments", status_code=303)


@router.get("/evidence/{evidence_id}/stream")
async def stream(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> Response:
    """The verified range stream, relayed with the browser's Range (206 passed on)."""
    path = f"/evidence/{evidence_id}/stream"
    return await _relayed(request, state, session, path)


@router.get("/evidence/{evidence_id}/download")
async def download(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> Response:
    """The whole original as an attachment; the API refuses readers who may only view."""
    return await _relayed(request, state, session, f"/evidence/{evidence_id}/download")


async def _relayed(request: Request, state: WebState, session: WebSession, path: str) -> Response:
    try:
        answer = await relay(session_api(state, session), path, request.headers.get("range"))
    except ApiProblem as refused:
        if refused.status != NOT_SATISFIABLE:
            raise
        return Response(status_code=NOT_SATISFIABLE)
    headers = answer.headers | {"Cache-Control": "private, no-store"}
    return StreamingResponse(answer.body, status_code=answer.status_code, headers=headers)


@router.get("/cases/{case_id}/multiview", response_class=HTMLResponse)
async def multiview(
    request: Request,
    case_id: uuid.UUID,
    state: StateDep,
    session: Session,
    item: Annotated[list[uuid.UUID], Query()] = [],  # noqa: B006 (FastAPI copies it)
) -> HTMLResponse:
    api = session_api(state, session)
    if problem := multiview_problem([str(i) for i in item]):
        case = await use.read_case(api, case_id)
        return render(
            request, state, session, "player/multiview.html", status_code=400,
            section="cases", case=case, lanes=[], problem=problem, speeds=SPEEDS,
        )  # fmt: skip
    found = await use.multiview(api, case_id, item)
    return render(
        request, state, session, "player/multiview.html", section="cases",
        case=found.case, lanes=found.lanes, problem=None, speeds=SPEEDS,
    )  # fmt: skip

"""A superadmin's organizations (decision 0048): find one by name and act for it as its
administrator, so its owner-side pages (cameras, request form, settings, keys, webhooks)
work for it; every page then says so, with a button to stop. The gateway checks and audits
every call made while acting; these pages only keep the choice in the session."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.acting import Acting, may_act
from web.domain.errors import ApiProblem
from web.domain.request_settings import OrgCard, OrgCards
from web.domain.sessions import WebSession
from web.domain.views import User
from web.entrypoints.deps import PostedSession, Session, StateDep, render, session_api

router = APIRouter(prefix="/admin")
ORGANIZATIONS = "/admin/organizations"
# Where acting starts: the organization's cameras, the first thing set up.
FIRST_PAGE = "/admin/cameras"
REFUSED = (400, 403, 404)
REFUSED_PAGE = f"{ORGANIZATIONS}?refused=1"
NOT_AN_OPERATOR = "Only the platform's operators act for organizations."


@router.get("/organizations", response_class=HTMLResponse)
async def organizations_page(
    request: Request, state: StateDep, session: Session, name: str = ""
) -> HTMLResponse:
    if not may_act(_operator(session)):
        return render(
            request, state, session, "errors/error.html", status_code=403,
            title="Not for your role", detail=NOT_AN_OPERATOR,
        )  # fmt: skip
    found = None
    if name.strip():
        api = session_api(state, session)
        found = await api.get(OrgCards, "/orgs", name=name.strip()[:200], limit=50)
    return render(
        request, state, session, "admin/organizations.html", section="organizations",
        query=name, found=found, refused=request.query_params.get("refused") == "1",
    )  # fmt: skip


@router.post("/acting")
async def start_acting(
    state: StateDep, session: PostedSession, org_id: Annotated[str, Form()] = ""
) -> Response:
    """Asks the gateway as the organization's administrator first: a refusal (an unknown
    organization, the platform's own) leaves the session as it was before acting."""
    operator = _operator(session)
    if not may_act(operator):
        return RedirectResponse(REFUSED_PAGE, status_code=303)
    try:
        chosen = uuid.UUID(org_id)
    except ValueError:
        return RedirectResponse(REFUSED_PAGE, status_code=303)
    session.start_acting(Acting(chosen, "", operator))
    try:
        card = await session_api(state, session).get(OrgCard, f"/orgs/{chosen}")
    except ApiProblem as refused:
        session.stop_acting()
        if refused.status not in REFUSED:
            raise
        return RedirectResponse(REFUSED_PAGE, status_code=303)
    session.start_acting(Acting(chosen, card.name, operator))
    return RedirectResponse(FIRST_PAGE, status_code=303)


@router.post("/acting/stop")
async def stop_acting(session: PostedSession) -> Response:
    session.stop_acting()
    return RedirectResponse(ORGANIZATIONS, status_code=303)


def _operator(session: WebSession) -> User | None:
    """The person signed in, acting or not."""
    return session.acting.operator if session.acting else session.user

"""The owner admin's pages. Request settings: who approves (picked by name from the org's
directory), which partner organizations are approved at once (found by name), export before
approval, the longest window a requester may ask for, and the review deadline; below them,
the organization's sign-in security (two-factor authentication required or not)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.mfa import OrgSecurity
from web.domain.request_settings import (
    OrgCard,
    OrgCards,
    People,
    RequestSettings,
    SettingsForm,
    partner_to_add,
)
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin")
SETTINGS = "/admin/request-settings"
BAD_REQUEST, UNPROCESSABLE = 400, 422


@router.get("/request-settings", response_class=HTMLResponse)
async def settings_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    current = await session_api(state, session).get(RequestSettings, "/request-settings")
    form = SettingsForm.of(current)
    saved = request.query_params.get("saved") == "1"
    return await _page(request, state, session, form, saved=saved)


@router.post("/request-settings")
async def save_settings(
    request: Request,
    state: StateDep,
    session: PostedSession,
    approver: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI reads the default)
    partner: Annotated[list[str], Form()] = [],  # noqa: B006
    add_partner: Annotated[str, Form()] = "",
    export_before_approval: Annotated[str, Form()] = "",
    max_span_hours: Annotated[str, Form()] = "",
    sla_hours: Annotated[str, Form()] = "",
) -> Response:
    form = SettingsForm(
        approver, partner, add_partner, export_before_approval == "yes", max_span_hours, sla_hours
    )
    errors = {}  # in the page's order: the error summary lists them so
    partners = list(form.partner_org_ids)
    if form.add_partner.strip():
        added, problem = await _find_partner(state, session, form.add_partner)
        if problem:
            errors["add_partner"] = problem
        elif added and str(added.id) not in partners:
            partners.append(str(added.id))
    errors |= form.problems()
    if errors:
        return await _page(request, state, session, form, errors=errors, status_code=400)
    try:
        await session_api(state, session).send("PUT", "/request-settings", form.body(partners))
    except ApiProblem as refused:
        if refused.status not in (BAD_REQUEST, UNPROCESSABLE):
            raise
        errors = {"approvers": refused.problem.message}
        return await _page(request, state, session, form, errors=errors, status_code=400)
    return RedirectResponse(f"{SETTINGS}?saved=1", status_code=303)


@router.post("/sign-in-security")
async def save_sign_in_security(
    state: StateDep, session: PostedSession, mfa_required: Annotated[str, Form()] = ""
) -> Response:
    """Whether every member must sign in with a second factor (the organization's setting)."""
    org_id = session.user.org_id if session.user else None
    body = {"mfa_required": mfa_required == "yes"}
    await session_api(state, session).send("PATCH", f"/orgs/{org_id}", body)
    return RedirectResponse(f"{SETTINGS}?security_saved=1#sign-in-security", status_code=303)


async def _find_partner(
    state: WebState, session: WebSession, typed: str
) -> tuple[OrgCard | None, str | None]:
    api = session_api(state, session)
    found = await api.get(OrgCards, "/orgs", name=typed.strip()[:200], limit=10)
    return partner_to_add(typed, list(found.items))


async def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    form: SettingsForm,
    *,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    org_id = session.user.org_id if session.user else None
    api = session_api(state, session)
    approvers = (await api.get(People, f"/orgs/{org_id}/users", role="approver")).items
    partners = [await api.get(OrgCard, f"/orgs/{org}") for org in form.partner_org_ids]
    org = await api.get(OrgSecurity, f"/orgs/{org_id}")
    security_saved = request.query_params.get("security_saved") == "1"
    return render(
        request, state, session, "admin/request_settings.html", status_code=status_code,
        section="admin", form=form, approvers=approvers, partners=partners,
        errors=errors or {}, saved=saved, org=org, security_saved=security_saved,
    )  # fmt: skip

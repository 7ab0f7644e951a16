"""Sharing a case or an item: who has access at a glance (grants and share links), giving
access to a person, an organization or a guest, share links with their QR code, and revoking
either after a confirmation. /cases/{id}/sharing and /evidence/{id}/sharing are one page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.domain.sharing import (
    DEFAULT_GRANT_DAYS,
    DEFAULT_LINK_DAYS,
    GRANT_FIELDS,
    GRANTEE_KINDS,
    GUEST_FIELDS,
    KINDS,
    LINK_FIELDS,
    PERMISSIONS,
    GrantForm,
    GuestForm,
    LinkForm,
    access_state,
    default_day,
    qr_svg,
    refusal_errors,
)
from web.domain.views import Problem
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import sharing as use

router = APIRouter()
Kind = Literal["cases", "evidence"]
What = Literal["grant", "link"]
INVALID = (400, 422)
CONFLICT = 409


def _org(session: WebSession) -> uuid.UUID | None:
    user = session.user
    return None if user is None or "guest" in user.roles else user.org_id


@router.get("/{kind}/{object_id}/sharing", response_class=HTMLResponse)
async def sharing_page(
    request: Request, kind: Kind, object_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    done = request.query_params.get("done", "")
    new_link = session.drafts.pop(_draft(kind, object_id), None)
    if new_link is not None:
        new_link["qr"] = qr_svg(new_link["url"], "QR code of the share link")
    return await _page(request, state, session, kind, object_id, done=done, new_link=new_link)


@router.post("/{kind}/{object_id}/sharing/grants", response_class=HTMLResponse)
async def give_access(
    request: Request, kind: Kind, object_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    form = GrantForm.read(await request.form())
    errors = form.problems(datetime.now(UTC).date())
    if not errors:
        try:
            await use.grant(session_api(state, session), kind, object_id, form)
        except ApiProblem as refused:
            if refused.status not in INVALID:
                raise
            errors = refusal_errors(refused.problem, GRANT_FIELDS, "grantee")
    if errors:
        return await _page(request, state, session, kind, object_id, 400, grant=form, errors=errors)
    return RedirectResponse(f"/{kind}/{object_id}/sharing?done=granted#access", status_code=303)


@router.post("/{kind}/{object_id}/sharing/links", response_class=HTMLResponse)
async def create_link(
    request: Request, kind: Kind, object_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """The link's address is shown once, on the page this redirects to (then forgotten)."""
    form = LinkForm.read(await request.form())
    errors = form.problems(datetime.now(UTC).date())
    if errors:
        return await _page(request, state, session, kind, object_id, 400, link=form, errors=errors)
    try:
        created = await use.create_link(session_api(state, session), kind, object_id, form)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = refusal_errors(refused.problem, LINK_FIELDS, "link_expires")
        return await _page(request, state, session, kind, object_id, 400, link=form, errors=errors)
    # Shown by the page the browser is sent to, once: a reload neither posts again nor shows it.
    new_link = {"url": _absolute(request, created.url), "link": created.link}
    session.drafts[_draft(kind, object_id)] = new_link
    return RedirectResponse(f"/{kind}/{object_id}/sharing#new-link-heading", status_code=303)


@router.post("/{kind}/{object_id}/sharing/guests", response_class=HTMLResponse)
async def invite_guest(
    request: Request, kind: Kind, object_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """Org admins invite an outside investigator: the gateway emails them the link that
    accepts it (when it knows the web app's address), and the page shows it once to copy."""
    form, org = GuestForm.read(await request.form()), _org(session)
    errors = form.problems()
    if not errors and org is not None:
        try:
            issued = await use.invite_guest(session_api(state, session), org, form)
        except ApiProblem as refused:
            if refused.status not in (*INVALID, CONFLICT):
                raise
            errors = refusal_errors(refused.problem, GUEST_FIELDS, "guest_email")
        else:
            query = urlencode({"token": issued.token})
            link = _absolute(request, f"/invitations/accept?{query}")
            invited = {"link": link, "name": form.display_name, "emailed_to": ""}
            if issued.email_queued:
                invited["emailed_to"] = issued.email
            return await _page(request, state, session, kind, object_id, invited=invited)
    return await _page(request, state, session, kind, object_id, 400, guest=form, errors=errors)


@router.get("/{kind}/{object_id}/sharing/revoke/{what}/{access_id}", response_class=HTMLResponse)
async def confirm_revoke(
    request: Request,
    kind: Kind,
    object_id: uuid.UUID,
    what: What,
    access_id: uuid.UUID,
    state: StateDep,
    session: Session,
) -> HTMLResponse:
    found = await use.sharing_page(session_api(state, session), kind, object_id, _org(session))
    access = found.grants if what == "grant" else found.links
    chosen = next((a for a in access if a.id == access_id), None)
    if chosen is None:
        raise ApiProblem(Problem(status=404, title="Not Found"))
    return render(
        request, state, session, "sharing/revoke.html", section="cases", page=found,
        target=found.target, what=what, access=chosen, permissions=PERMISSIONS,
        kinds=GRANTEE_KINDS,
    )  # fmt: skip


@router.post("/{kind}/{object_id}/sharing/revoke/{what}/{access_id}")
async def revoke(
    kind: Kind,
    object_id: uuid.UUID,
    what: What,
    access_id: uuid.UUID,
    state: StateDep,
    session: PostedSession,
) -> Response:
    await use.revoke(session_api(state, session), what, access_id)
    done = "revoked" if what == "grant" else "withdrawn"
    return RedirectResponse(f"/{kind}/{object_id}/sharing?done={done}#access", status_code=303)


def _draft(kind: str, object_id: uuid.UUID) -> str:
    return f"share-link:{kind}:{object_id}"


def _absolute(request: Request, url: str) -> str:
    """The gateway names the viewer relative to the web app when it is not told its address."""
    return f"{str(request.base_url).rstrip('/')}{url}" if url.startswith("/") else url


async def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    kind: str,
    object_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    found = await use.sharing_page(session_api(state, session), kind, object_id, _org(session))
    defaults: dict[str, Any] = {
        "grant": GrantForm(expires_on=default_day(DEFAULT_GRANT_DAYS)),
        "link": LinkForm(expires_on=default_day(DEFAULT_LINK_DAYS)),
        "errors": {},
        "new_link": None,
        "guest": GuestForm(),
        "invited": None,
        "done": "",
    }
    return render(
        request, state, session, "sharing/page.html", status_code=status_code, section="cases",
        page=found, target=found.target, what=KINDS[kind], permissions=PERMISSIONS,
        kinds=GRANTEE_KINDS, state_of=access_state, now=datetime.now(UTC), **(defaults | context),
    )  # fmt: skip

"""The org admin's identity provider page (decision 0037): the organization's OpenID Connect
provider settings, errors next to their fields, and a button that tests the connection (the
gateway reads the provider's discovery document and keys)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.identity_provider import (
    ConnectionTest,
    ProviderForm,
    ProviderSettings,
    field_error,
)
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/identity-provider")
PAGE = "/admin/identity-provider"
NOT_FOUND = 404
REFUSALS = (400, 409, 422)
Text = Annotated[str, Form()]


@router.get("", response_class=HTMLResponse)
async def settings_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    saved = await _saved(state, session)
    form = ProviderForm.of(saved) if saved else ProviderForm()
    done = request.query_params.get("saved") == "1"
    return _page(request, state, session, form, saved=done, configured=saved is not None)


@router.post("")
async def save_settings(
    request: Request,
    state: StateDep,
    session: PostedSession,
    issuer: Text = "",
    client_id: Text = "",
    client_secret: Text = "",
    scopes: Text = "",
    role_claim: Text = "",
    role_mapping: Text = "",
    email_domains: Text = "",
    password_sign_in: Text = "",
    enabled: Text = "",
) -> Response:
    saved = await _saved(state, session)
    form = ProviderForm(
        issuer, client_id, client_secret, scopes, role_claim, role_mapping, email_domains,
        password_sign_in == "yes", enabled == "yes", saved is not None and saved.client_secret_set,
        saved.redirect_uri if saved else "", saved.post_logout_redirect_uri if saved else "",
    )  # fmt: skip
    if errors := form.problems():
        return _page(request, state, session, form, errors=errors, status_code=400)
    try:
        await session_api(state, session).send("PUT", _api_path(session), form.body())
    except ApiProblem as refused:
        if refused.status not in REFUSALS:
            raise
        field, message = field_error(refused.problem.message)
        errors = {field: message}
        return _page(request, state, session, form, errors=errors, status_code=400)
    return RedirectResponse(f"{PAGE}?saved=1", status_code=303)


@router.post("/test", response_class=HTMLResponse)
async def test_connection(request: Request, state: StateDep, session: PostedSession) -> Response:
    saved = await _saved(state, session)
    if saved is None:
        return RedirectResponse(PAGE, status_code=303)
    form = ProviderForm.of(saved)
    try:
        found = await session_api(state, session).send("POST", f"{_api_path(session)}/test", None)
    except ApiProblem as refused:
        if refused.status not in REFUSALS:
            raise
        failed = refused.problem.message
        return _page(request, state, session, form, configured=True, test_failed=failed)
    tested = ConnectionTest.model_validate(found)
    return _page(request, state, session, form, configured=True, tested=tested)


def _api_path(session: WebSession) -> str:
    org_id = session.user.org_id if session.user else None
    return f"/orgs/{org_id}/identity-provider"


async def _saved(state: WebState, session: WebSession) -> ProviderSettings | None:
    try:
        found: ProviderSettings = await session_api(state, session).get(
            ProviderSettings, _api_path(session)
        )
    except ApiProblem as refused:
        if refused.status != NOT_FOUND:
            raise
        return None
    return found


def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    form: ProviderForm,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    **shown: object,
) -> HTMLResponse:
    return render(
        request, state, session, "identity_provider/settings.html", status_code=status_code,
        section="admin", form=form, errors=errors or {}, **shown,
    )  # fmt: skip

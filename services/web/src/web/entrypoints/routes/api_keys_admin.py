"""An org admin's API keys for their systems (CAD, RMS): the list, creating one (its secret
shown once, on the answer to the form itself, never stored here), and revoking one after a
confirmation."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.api_keys import ApiKey, ApiKeyForm, ApiKeys, ApiKeyWithSecret, Scopes, form_errors
from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.domain.views import Problem
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/api-keys")
LIST = "/admin/api-keys"
INVALID = (400, 422)


@router.get("", response_class=HTMLResponse)
async def api_keys_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    found = await session_api(state, session).get(ApiKeys, "/api-keys")
    revoked = request.query_params.get("revoked", "")
    return render(
        request, state, session, "api_keys_admin/list.html", section="admin",
        keys=found.items, revoked=revoked,
    )  # fmt: skip


@router.get("/new", response_class=HTMLResponse)
async def new_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    typed = ApiKeyForm.blank(_today())
    return await _form_page(request, state, session, typed, {})


@router.post("/new", response_class=HTMLResponse)
async def create(request: Request, state: StateDep, session: PostedSession) -> Response:
    posted = await request.form()
    fields = {key: str(value) for key, value in posted.items()}
    typed = ApiKeyForm.read(fields, [str(s) for s in posted.getlist("scopes")])
    if errors := typed.problems(_today()):
        return await _form_page(request, state, session, typed, errors, 400)
    try:
        made = await session_api(state, session).send("POST", "/api-keys", typed.body())
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        return await _form_page(request, state, session, typed, form_errors(refused.problem), 400)
    key = ApiKeyWithSecret.model_validate(made)
    return render(request, state, session, "api_keys_admin/secret.html", section="admin", key=key)


@router.get("/{key_id}/revoke", response_class=HTMLResponse)
async def revoke_page(
    request: Request, key_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The confirmation: what revoking does, and the one button that does it."""
    key = await _key(state, session, key_id)
    return render(request, state, session, "api_keys_admin/revoke.html", section="admin", key=key)


@router.post("/{key_id}/revoke")
async def revoke(key_id: uuid.UUID, state: StateDep, session: PostedSession) -> Response:
    await session_api(state, session).send("POST", f"/api-keys/{key_id}/revoke", None)
    return RedirectResponse(f"{LIST}?revoked={key_id}", status_code=303)


async def _key(state: WebState, session: WebSession, key_id: uuid.UUID) -> ApiKey:
    """One of the organization's keys (the API lists them; there are few)."""
    found = await session_api(state, session).get(ApiKeys, "/api-keys")
    for key in found.items:
        if key.id == key_id:
            return key
    raise ApiProblem(Problem(status=404, title="Not Found", detail="API key not found"))


async def _form_page(
    request: Request,
    state: WebState,
    session: WebSession,
    typed: ApiKeyForm,
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    scopes = await session_api(state, session).get(Scopes, "/api-keys/scopes")
    return render(
        request, state, session, "api_keys_admin/form.html", status_code=status_code,
        section="admin", typed=typed, errors=errors, scopes=scopes.items,
    )  # fmt: skip


def _today() -> date:
    return datetime.now(UTC).date()

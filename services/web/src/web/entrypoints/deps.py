"""What every route needs: the app's state, the browser's session, rendering, CSRF checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from web.adapters.gateway import GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.domain import labels
from web.domain.sessions import WebSession, csrf_matches
from web.service_layer.api import Api
from web.service_layer.sessions import now

COOKIE = "custody_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class SignInRequired(Exception):
    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class CsrfRefused(Exception):
    """A POST without this session's CSRF token."""


@dataclass
class WebState:
    store: InMemorySessionStore
    gateway: GatewayClient
    templates: Jinja2Templates


def session_api(state: WebState, session: WebSession) -> Api:
    """The gateway's API as the signed-in session calls it."""
    return Api(state.store, state.gateway, session)


def make_templates(session_idle_minutes: int = 30) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["session_idle_seconds"] = session_idle_minutes * 60
    templates.env.filters["state"] = labels.state_label
    templates.env.filters["when"] = labels.when
    templates.env.filters["size"] = labels.size
    return templates


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


StateDep = Annotated[WebState, Depends(get_state)]


def browser_session(request: Request, state: StateDep) -> WebSession | None:
    return state.store.get(request.cookies.get(COOKIE), now())


MaybeSession = Annotated[WebSession | None, Depends(browser_session)]


def signed_in(request: Request, session: MaybeSession) -> WebSession:
    """The signed-in session, or a redirect to sign in that comes back here."""
    if session is None or not session.signed_in:
        raise SignInRequired(
            request.url.path + (f"?{request.url.query}" if request.url.query else "")
        )
    return session


Session = Annotated[WebSession, Depends(signed_in)]


async def csrf_checked(request: Request, session: MaybeSession) -> WebSession:
    """The session a POST belongs to, once its CSRF token (form field or header) matches."""
    presented = request.headers.get(CSRF_HEADER)
    if presented is None:
        presented = str((await request.form()).get(CSRF_FIELD) or "") or None
    if session is None or not csrf_matches(session, presented):
        raise CsrfRefused
    return session


PostedSession = Annotated[WebSession, Depends(csrf_checked)]


def render(
    request: Request,
    state: WebState,
    session: WebSession | None,
    name: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = {"session": session, "user": session.user if session else None, **context}
    response = state.templates.TemplateResponse(request, name, page, status_code=status_code)
    if session is not None:
        set_cookie(request, response, session)
    return response


def set_cookie(request: Request, response: Response, session: WebSession) -> None:
    response.set_cookie(
        COOKIE,
        session.id,
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
        path="/",
    )


def to_sign_in(next_path: str) -> RedirectResponse:
    query = urlencode({"next": next_path}) if next_path not in ("", "/") else ""
    return RedirectResponse(f"/sign-in{'?' + query if query else ''}", status_code=303)

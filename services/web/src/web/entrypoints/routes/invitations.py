"""A guest's invitation: the link an org admin sends opens this page, where the invited
investigator sets a password; the token in the link is the credential (no session yet)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.forms import NewPasswordForm
from web.entrypoints.deps import MaybeSession, PostedSession, StateDep, WebState, render
from web.service_layer import sessions

router = APIRouter()
Field = Annotated[str, Form()]
NOT_FOUND, CONFLICT = 404, 409
# What the gateway's refusals mean to the person holding the link.
ENDED = (
    "This invitation has expired or was already used. "
    "Ask the organization that invited you to send a new one."
)
ACCOUNT_EXISTS = "An account with your email address already exists. Sign in with it instead."


@router.get("/invitations/accept", response_class=HTMLResponse)
async def invitation_page(
    request: Request, state: StateDep, session: MaybeSession, token: str = ""
) -> HTMLResponse:
    return _form(request, state, sessions.anonymous(state.store, session), token)


@router.post("/invitations/accept")
async def accept_invitation(
    request: Request,
    state: StateDep,
    session: PostedSession,
    token: Field = "",
    password: Field = "",
    confirm_password: Field = "",
) -> Response:
    form = NewPasswordForm(password=password, confirm_password=confirm_password)
    if errors := form.problems():
        return _form(request, state, session, token, errors=errors, status_code=400)
    try:
        await state.gateway.accept_invitation(token, password)
    except ApiProblem as refused:
        if refused.status not in (NOT_FOUND, CONFLICT):
            raise
        ended = ENDED if refused.status == NOT_FOUND else ACCOUNT_EXISTS
        return _form(request, state, session, token, ended=ended, status_code=refused.status)
    return RedirectResponse("/sign-in?invited=1", status_code=303)


def _form(
    request: Request,
    state: WebState,
    session: PostedSession,
    token: str,
    *,
    errors: dict[str, str] | None = None,
    ended: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        state,
        session,
        "invitations/accept.html",
        status_code=status_code,
        token=token,
        errors=errors or {},
        ended=ended,
    )

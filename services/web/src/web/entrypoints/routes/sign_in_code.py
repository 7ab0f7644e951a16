"""Signing in, second step: the 6-digit code from the authenticator app, or a recovery code,
for the sign-in the password started (its token kept in the session, never in the page)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.forms import SignInForm
from web.domain.mfa import PENDING_SIGN_IN, CodeForm, PendingSignIn
from web.domain.sessions import WebSession
from web.entrypoints.deps import MaybeSession, PostedSession, StateDep, WebState, render
from web.entrypoints.routes.auth import sign_in_form, signed_in_response
from web.service_layer import sessions

router = APIRouter()
WRONG_CODE = (400, 422)  # the pending sign-in stands: try again


@router.get("/sign-in/code")
async def code_page(
    request: Request, state: StateDep, session: MaybeSession, recovery: bool = False
) -> Response:
    if session is None or _pending(session) is None:
        return RedirectResponse("/sign-in", status_code=303)
    return _page(request, state, session, CodeForm(recovery=recovery))


@router.post("/sign-in/code")
async def enter_code(
    request: Request,
    state: StateDep,
    session: PostedSession,
    code: Annotated[str, Form()] = "",
    recovery_code: Annotated[str, Form()] = "",
    recovery: Annotated[bool, Form()] = False,
) -> Response:
    pending = _pending(session)
    if pending is None:
        return RedirectResponse("/sign-in", status_code=303)
    form = CodeForm(recovery_code if recovery else code, recovery)
    if problems := form.problems():
        return _page(request, state, session, form, problems, status_code=400)
    address = request.client.host if request.client else None
    try:
        signed = await sessions.sign_in_second_factor(
            state.store, state.gateway, session, pending, form.proof(), address
        )
    except ApiProblem as refused:
        if refused.status in WRONG_CODE:
            errors = {form.field: refused.problem.message}
            return _page(request, state, session, form, errors, status_code=400)
        session.drafts.pop(PENDING_SIGN_IN, None)  # expired, spent or locked: start again
        errors = {"email": refused.problem.message}
        again = SignInForm(email=pending.email)
        return sign_in_form(
            request, state, session, again, pending.next_path, errors=errors,
            status_code=refused.status,
        )  # fmt: skip
    return signed_in_response(request, signed, pending.next_path)


def _pending(session: WebSession) -> PendingSignIn | None:
    found = session.drafts.get(PENDING_SIGN_IN)
    return found if isinstance(found, PendingSignIn) else None


def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    form: CodeForm,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request, state, session, "sign_in_code.html", status_code=status_code,
        form=form, errors=errors or {},
    )  # fmt: skip

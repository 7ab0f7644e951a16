"""Sign in and sign out. The gateway's tokens stay here; the browser gets a session id."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem, SignedOut
from web.domain.forms import SignInForm
from web.domain.mfa import PENDING_SIGN_IN, PendingSignIn, SecondFactorRequired
from web.domain.sessions import WebSession, safe_next
from web.entrypoints.deps import (
    COOKIE,
    MaybeSession,
    PostedSession,
    StateDep,
    WebState,
    render,
    set_cookie,
)
from web.service_layer import sessions

router = APIRouter()
Field = Annotated[str, Form()]


@router.get("/sign-in")
async def sign_in_page(
    request: Request, state: StateDep, session: MaybeSession, next: str = "/"
) -> Response:
    if session is not None and session.signed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    return sign_in_form(
        request, state, sessions.anonymous(state.store, session), SignInForm(), next
    )


@router.post("/sign-in")
async def sign_in(
    request: Request,
    state: StateDep,
    session: PostedSession,
    email: Field = "",
    password: Field = "",
    next: Field = "/",
) -> Response:
    form = SignInForm(email=email, password=password)
    if problems := form.problems():
        return sign_in_form(request, state, session, form, next, errors=problems, status_code=400)
    try:
        address = request.client.host if request.client else None
        credentials = (email, password)
        signed = await sessions.sign_in(state.store, state.gateway, session, credentials, address)
    except SecondFactorRequired as asked:
        pending = PendingSignIn(asked.mfa_token, email, safe_next(next))
        session.drafts[PENDING_SIGN_IN] = pending
        return RedirectResponse("/sign-in/code", status_code=303)
    except ApiProblem as refused:
        errors = {"email": refused.problem.message}
        return sign_in_form(
            request, state, session, form, next, errors=errors, status_code=refused.status
        )
    return signed_in_response(request, signed, next)


def signed_in_response(request: Request, signed: WebSession, next_path: str) -> Response:
    """To the page asked for. (An organization that requires a second factor the person has
    not set up: that page's API call is refused, and errors.py sends them to enrolment.) A
    person whose password an admin reset goes to choose their own first."""
    must_change = signed.user is not None and signed.user.password_change_required
    after = "/account/password" if must_change else safe_next(next_path)
    response = RedirectResponse(after, status_code=303)
    set_cookie(request, response, signed)
    return response


@router.post("/sign-out")
async def sign_out(
    request: Request,
    state: StateDep,
    session: PostedSession,
    reason: Field = "",
    next: Field = "/",
) -> Response:
    """A person's sign-out, or the idle limit's (reason=idle): then sign in comes back. A
    person who signed in with their agency is signed out there too, when it can (decision
    0047), and its page sends them back to sign in; the idle limit ends only Custody's."""
    provider = await sessions.sign_out(state.store, state.gateway, session)
    response: Response
    if provider and reason != "idle":
        # A page that moves on by itself, not a redirect: the form's CSP (form-action 'self')
        # would refuse a redirect to another origin after a form submission.
        response = render(request, state, None, "agency_sign_in/sign_out.html", url=provider)
    else:
        after = "/sign-in?signed_out=1"
        if reason == "idle":
            after = f"/sign-in?{urlencode({'timed_out': 1, 'next': safe_next(next)})}"
        response = RedirectResponse(after, status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/session/keep-alive", status_code=204)
async def keep_alive(state: StateDep, session: PostedSession) -> Response:
    """Stay signed in: one authenticated call touches both this session and the gateway's.
    A script calls it, so an ended session is a 401, not a redirect to the sign-in page."""
    try:
        if not session.signed_in:
            raise SignedOut
        await sessions.call(state.store, state.gateway, session, state.gateway.me)
    except SignedOut:
        return Response(status_code=401)
    return Response(status_code=204)


def sign_in_form(
    request: Request,
    state: WebState,
    session: PostedSession,
    form: SignInForm,
    next_path: str,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    agency_email: str = "",
) -> HTMLResponse:
    return render(
        request,
        state,
        session,
        "sign_in.html",
        status_code=status_code,
        email=form.email,
        agency_email=agency_email,
        next=safe_next(next_path),
        errors=errors or {},
        signed_out=request.query_params.get("signed_out") == "1",
        timed_out=request.query_params.get("timed_out") == "1",
        invited=request.query_params.get("invited") == "1",
    )

"""Sign in with your agency (decision 0037): the email finds the organization's identity
provider at the gateway; the browser goes there and comes back to the callback with a code and
the state, which must be the one this browser's session was given; the gateway exchanges the
code, checks the ID token and opens the session. The state is kept in the session, never in a
page."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.forms import SignInForm
from web.domain.identity_provider import (
    PENDING_PROVIDER,
    PendingProviderSignIn,
    agency_email_problem,
)
from web.domain.mfa import PENDING_SIGN_IN, PendingSignIn, SecondFactorRequired
from web.domain.sessions import WebSession, safe_next
from web.entrypoints.deps import MaybeSession, PostedSession, StateDep, WebState, render
from web.entrypoints.routes.auth import sign_in_form, signed_in_response
from web.service_layer import sessions

router = APIRouter()
STALE = "That sign-in was not started in this browser, or it took too long: sign in again"
DENIED = "Your agency's identity provider did not sign you in"


@router.post("/sign-in/agency")
async def start(
    request: Request,
    state: StateDep,
    session: PostedSession,
    agency_email: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if problem := agency_email_problem(agency_email):
        return _refused(request, state, session, agency_email, next, problem, 400)
    address = request.client.host if request.client else None
    try:
        url, flow_state = await state.gateway.start_provider_sign_in(
            agency_email.strip(), client_address=address
        )
    except ApiProblem as refused:
        message = refused.problem.message
        return _refused(request, state, session, agency_email, next, message, refused.status)
    pending = PendingProviderSignIn(flow_state, agency_email.strip(), safe_next(next))
    session.drafts[PENDING_PROVIDER] = pending
    # A page that moves on by itself, not a redirect: the sign-in form's CSP (form-action
    # 'self') would refuse a redirect to another origin after a form submission.
    return render(request, state, session, "agency_sign_in/redirect.html", url=url)


@router.get("/sign-in/agency/callback")
async def callback(
    request: Request,
    state: StateDep,
    session: MaybeSession,
    code: str = "",
    error: str = "",
    returned: Annotated[str, Query(alias="state")] = "",
) -> Response:
    found = session.drafts.pop(PENDING_PROVIDER, None) if session else None
    if session is None or not isinstance(found, PendingProviderSignIn):
        fresh = sessions.anonymous(state.store, session)
        return _refused(request, state, fresh, "", "/", STALE, 400)
    if error or not code or not secrets.compare_digest(found.state, returned):
        why = f"{DENIED} ({error})" if error else STALE
        return _refused(request, state, session, found.email, found.next_path, why, 400)
    address = request.client.host if request.client else None
    try:
        signed = await sessions.sign_in_with_provider(
            state.store, state.gateway, session, (returned, code), address
        )
    except SecondFactorRequired as asked:
        session.drafts[PENDING_SIGN_IN] = PendingSignIn(
            asked.mfa_token, found.email, found.next_path
        )
        return RedirectResponse("/sign-in/code", status_code=303)
    except ApiProblem as refused:
        message = refused.problem.message
        return _refused(
            request, state, session, found.email, found.next_path, message, refused.status
        )
    return signed_in_response(request, signed, found.next_path)


def _refused(
    request: Request,
    state: WebState,
    session: WebSession,
    email: str,
    next_path: str,
    message: str,
    status: int,
) -> Response:
    return sign_in_form(
        request, state, session, SignInForm(), next_path,
        errors={"agency_email": message}, status_code=status, agency_email=email,
    )  # fmt: skip

"""Account security: two-factor authentication with an authenticator app. Setting it up takes
three pages: the QR code (and the secret, to type) with a code to confirm, then the recovery
codes, shown once until the person says they saved them. Turning it off takes a code."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.mfa import (
    NEW_RECOVERY_CODES,
    PENDING_ENROLMENT,
    CodeForm,
    MfaStatus,
    RecoveryCodes,
    TotpEnrolment,
    qr_code_svg,
)
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/account/security")
HOME = "/account/security"
SETUP = f"{HOME}/setup"
CODES = f"{HOME}/recovery-codes"
AT_THE_FIELD = (400, 409, 422, 429)  # a wrong code, a refusal, a lockout: said at the field
Code = Annotated[str, Form()]


@router.get("")
async def security_page(request: Request, state: StateDep, session: Session) -> Response:
    return await _security(request, state, session)


@router.post("/totp")
async def start_setup(state: StateDep, session: PostedSession) -> Response:
    body = await session_api(state, session).send("POST", "/users/me/mfa/totp", None)
    session.drafts[PENDING_ENROLMENT] = TotpEnrolment.model_validate(body)
    return RedirectResponse(SETUP, status_code=303)


@router.get("/setup")
async def setup_page(request: Request, state: StateDep, session: Session) -> Response:
    if (enrolment := _draft(session, PENDING_ENROLMENT, TotpEnrolment)) is None:
        return RedirectResponse(HOME, status_code=303)
    return _setup(request, state, session, enrolment, CodeForm())


@router.post("/setup")
async def confirm_setup(
    request: Request, state: StateDep, session: PostedSession, code: Code = ""
) -> Response:
    if (enrolment := _draft(session, PENDING_ENROLMENT, TotpEnrolment)) is None:
        return RedirectResponse(HOME, status_code=303)
    form = CodeForm(code)
    if problems := form.problems():
        return _setup(request, state, session, enrolment, form, problems)
    try:
        body = await session_api(state, session).send(
            "POST", "/users/me/mfa/totp/confirm", form.proof()
        )
    except ApiProblem as refused:
        if refused.status not in AT_THE_FIELD:
            raise
        return _setup(request, state, session, enrolment, form, {"code": refused.problem.message})
    session.drafts.pop(PENDING_ENROLMENT, None)
    session.drafts[NEW_RECOVERY_CODES] = RecoveryCodes.model_validate(body)
    return RedirectResponse(CODES, status_code=303)


@router.get("/recovery-codes")
async def recovery_codes_page(request: Request, state: StateDep, session: Session) -> Response:
    if (codes := _draft(session, NEW_RECOVERY_CODES, RecoveryCodes)) is None:
        return RedirectResponse(HOME, status_code=303)
    return render(request, state, session, "account/recovery_codes.html", codes=codes)


@router.post("/recovery-codes")
async def saved_recovery_codes(session: PostedSession) -> Response:
    """The person saved them: they are never shown again."""
    session.drafts.pop(NEW_RECOVERY_CODES, None)
    return RedirectResponse(f"{HOME}?enabled=1", status_code=303)


@router.post("/turn-off")
async def turn_off(
    request: Request,
    state: StateDep,
    session: PostedSession,
    code: Code = "",
) -> Response:
    form = CodeForm(code)
    if problems := form.problems():
        return await _security(request, state, session, form, problems)
    try:
        await session_api(state, session).send("DELETE", "/users/me/mfa/totp", form.proof())
    except ApiProblem as refused:
        if refused.status not in AT_THE_FIELD:
            raise
        errors = {form.field: refused.problem.message}
        return await _security(request, state, session, form, errors)
    return RedirectResponse(f"{HOME}?disabled=1", status_code=303)


async def _security(
    request: Request,
    state: WebState,
    session: WebSession,
    form: CodeForm | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    status = await session_api(state, session).get(MfaStatus, "/users/me/mfa")
    flags = {flag: request.query_params.get(flag) == "1" for flag in ("enabled", "disabled")}
    return render(
        request, state, session, "account/security.html", status_code=400 if errors else 200,
        status=status, form=form or CodeForm(), errors=errors or {}, **flags,
    )  # fmt: skip


def _setup(
    request: Request,
    state: WebState,
    session: WebSession,
    enrolment: TotpEnrolment,
    form: CodeForm,
    errors: dict[str, str] | None = None,
) -> Response:
    return render(
        request, state, session, "account/setup.html", status_code=400 if errors else 200,
        enrolment=enrolment, qr_svg=qr_code_svg(enrolment.provisioning_uri), form=form,
        errors=errors or {},
    )  # fmt: skip


def _draft(session: WebSession, key: str, kind: type[Any]) -> Any:
    found = session.drafts.get(key)
    return found if isinstance(found, kind) else None

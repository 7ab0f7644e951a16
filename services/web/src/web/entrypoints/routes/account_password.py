"""Changing one's password: asked for by choice, or required after an admin's reset, when the
gateway refuses everything else (errors.py sends the person here)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.people import PasswordForm, Person
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/account/password")
PAGE = "/account/password"
AT_THE_FIELD = (400, 409, 422, 429)  # a wrong password, the same one, a lockout
Secret = Annotated[str, Form()]


@router.get("", response_class=HTMLResponse)
async def password_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    changed = request.query_params.get("changed") == "1"
    return await _page(request, state, session, PasswordForm(), {}, changed=changed)


@router.post("", response_class=HTMLResponse)
async def change_password(
    request: Request,
    state: StateDep,
    session: PostedSession,
    current_password: Secret = "",
    new_password: Secret = "",
    confirm_password: Secret = "",
) -> Response:
    form = PasswordForm(current_password, new_password, confirm_password)
    if errors := form.problems():
        return await _page(request, state, session, form, errors, status_code=400)
    try:
        await session_api(state, session).send("POST", "/users/me/password", form.body())
    except ApiProblem as refused:
        if refused.status not in AT_THE_FIELD:
            raise
        field = "new_password" if refused.status == 409 else "current_password"
        errors = {field: refused.problem.message}
        return await _page(request, state, session, form, errors, status_code=refused.status)
    return RedirectResponse(f"{PAGE}?changed=1", status_code=303)


async def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    form: PasswordForm,
    errors: dict[str, str],
    *,
    changed: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    me = await session_api(state, session).get(Person, "/users/me")
    return render(
        request, state, session, "account/password.html", status_code=status_code,
        me=me, errors=errors, changed=changed,
    )  # fmt: skip

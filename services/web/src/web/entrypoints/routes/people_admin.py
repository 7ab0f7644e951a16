"""An admin's people (decision 0042): the organization's users, searched and filtered a page at
a time; a person's page with their roles; deactivate, reactivate, reset the password (the
temporary one shown once, on the answer itself) and reset two-factor authentication, each
after a confirmation page."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.people import (
    PAGE_SIZE,
    ROLE_LABELS,
    STATUSES,
    PasswordReset,
    PeopleFilters,
    PeoplePage,
    Person,
)
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/people")
LIST = "/admin/people"
REFUSED_AT_FIELD = (400, 403, 409, 422)
# The actions a confirmation page leads to: the API's path, and where the answer goes.
ACTIONS = {
    "deactivate": "deactivate",
    "reactivate": "reactivate",
    "reset-password": "password-reset",
    "reset-mfa": "mfa/reset",
}


@router.get("", response_class=HTMLResponse)
async def people_page(
    request: Request,
    state: StateDep,
    session: Session,
    q: str = "",
    status: str = "active",
    role: str = "",
    cursor: str = "",
) -> HTMLResponse:
    filters = PeopleFilters.read(q, status, role)
    org_id = session.user.org_id if session.user else None
    params = filters.params() | {"limit": PAGE_SIZE} | ({"cursor": cursor} if cursor else {})
    page = await session_api(state, session).get(PeoplePage, f"/orgs/{org_id}/users", **params)
    return render(
        request, state, session, "people_admin/list.html", section="admin", page=page,
        filters=filters, paged=bool(cursor), statuses=STATUSES, role_labels=ROLE_LABELS,
    )  # fmt: skip


@router.get("/{user_id}", response_class=HTMLResponse)
async def person_page(
    request: Request, user_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    person = await session_api(state, session).get(Person, f"/users/{user_id}")
    done = request.query_params.get("done", "")
    return _person(request, state, session, person, {}, done=done)


@router.post("/{user_id}/roles", response_class=HTMLResponse)
async def change_roles(
    request: Request, user_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    api = session_api(state, session)
    person = await api.get(Person, f"/users/{user_id}")
    chosen = [str(r) for r in (await request.form()).getlist("roles") if str(r) in ROLE_LABELS]
    kept = [r for r in person.roles if r not in ROLE_LABELS]  # superadmin: not offered here
    if not chosen + kept:
        return _person(request, state, session, person, {"roles": "Choose at least one role"}, 400)
    try:
        await api.send("PATCH", f"/users/{user_id}", {"roles": chosen + kept})
    except ApiProblem as refused:
        if refused.status not in REFUSED_AT_FIELD:
            raise
        errors = {"roles": refused.problem.message}
        return _person(request, state, session, person, errors, refused.status)
    return RedirectResponse(f"{LIST}/{user_id}?done=roles", status_code=303)


@router.get("/{user_id}/{action}", response_class=HTMLResponse)
async def confirm_page(
    request: Request, user_id: uuid.UUID, action: str, state: StateDep, session: Session
) -> HTMLResponse:
    """What the action does, and the one button that does it."""
    if action not in ACTIONS:
        return render(request, state, session, "errors/404.html", status_code=404)
    person = await session_api(state, session).get(Person, f"/users/{user_id}")
    return render(
        request, state, session, "people_admin/confirm.html", section="admin",
        person=person, action=action,
    )  # fmt: skip


@router.post("/{user_id}/{action}", response_class=HTMLResponse)
async def act(
    request: Request, user_id: uuid.UUID, action: str, state: StateDep, session: PostedSession
) -> Response:
    if action not in ACTIONS:
        return render(request, state, session, "errors/404.html", status_code=404)
    api = session_api(state, session)
    answer = await api.send("POST", f"/users/{user_id}/{ACTIONS[action]}", None)
    if action == "reset-password":  # the one time the temporary password is shown
        reset = PasswordReset.model_validate(answer)
        return render(
            request, state, session, "people_admin/temporary_password.html", section="admin",
            reset=reset,
        )  # fmt: skip
    return RedirectResponse(f"{LIST}/{user_id}?done={action}", status_code=303)


def _person(
    request: Request,
    state: WebState,
    session: WebSession,
    person: Person,
    errors: dict[str, str],
    status_code: int = 200,
    done: str = "",
) -> HTMLResponse:
    is_me = session.user is not None and session.user.id == person.id
    return render(
        request, state, session, "people_admin/person.html", status_code=status_code,
        section="admin", person=person, errors=errors, done=done, is_me=is_me,
        role_labels=ROLE_LABELS,
    )  # fmt: skip

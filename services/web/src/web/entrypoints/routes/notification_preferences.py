"""What a person is told, and how: per kind of notice, by email, in Custody only, in the
daily digest, or not at all (`/users/me/notification-preferences`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.notification_preferences import CHOICES, Preferences
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/account/notifications")
HOME = "/account/notifications"
API = "/users/me/notification-preferences"


@router.get("")
async def preferences_page(request: Request, state: StateDep, session: Session) -> Response:
    shown = await session_api(state, session).get(Preferences, API)
    return _page(request, state, session, shown, saved=request.query_params.get("saved") == "1")


@router.post("")
async def save_preferences(request: Request, state: StateDep, session: PostedSession) -> Response:
    api = session_api(state, session)
    shown = await api.get(Preferences, API)
    form = await request.form()
    try:
        await api.send("PUT", API, shown.changes(form))
    except ApiProblem as refused:
        if refused.status not in (400, 422):
            raise
        errors = {"preferences": refused.problem.message}
        return _page(request, state, session, shown.with_choices(form), errors=errors)
    return RedirectResponse(f"{HOME}?saved=1", status_code=303)


def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    shown: Preferences,
    *,
    saved: bool = False,
    errors: dict[str, str] | None = None,
) -> Response:
    return render(
        request, state, session, "account/notifications.html",
        status_code=400 if errors else 200, shown=shown, choices=CHOICES, saved=saved,
        errors=errors or {},
    )  # fmt: skip

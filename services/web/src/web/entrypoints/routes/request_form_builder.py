"""The request form builder for owner admins: the version in force, a draft of the next one
(fields added, removed, moved, each with its type's constraints), a preview as requesters see
it, publishing, and the version history.

The draft lives in the server-side session between steps (editor, preview, publish); every
post of the editor carries the whole draft, so the page works as a plain HTML form."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.form_builder import SESSION_KEY, TYPES, Draft, PublishedForm, PublishedForms
from web.domain.form_builder_checks import problems, refusal_errors
from web.domain.request_settings import People
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/request-form")
EDITOR = "/admin/request-form"
REFUSED = (400, 422)


@router.get("", response_class=HTMLResponse)
async def editor(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    versions = await _versions(state, session)
    draft = session.drafts.get(SESSION_KEY) or Draft.of(versions[0] if versions else None)
    return await _editor(request, state, session, draft, versions)


@router.post("", response_model=None)
async def change_draft(
    request: Request,
    state: StateDep,
    session: PostedSession,
    action: Annotated[str, Form()] = "save",
    new_type: Annotated[str, Form()] = "",
) -> Response:
    """Every button of the editor posts the whole draft, then says what to do with it."""
    draft = Draft.read(await request.form())
    session.drafts[SESSION_KEY] = draft
    if action == "discard":
        session.drafts.pop(SESSION_KEY, None)
        return RedirectResponse(EDITOR, status_code=303)
    if action in ("preview", "publish"):
        if errors := problems(draft):
            versions = await _versions(state, session)
            return await _editor(request, state, session, draft, versions, errors=errors)
        if action == "publish":
            return await _publish(request, state, session, draft)
        return RedirectResponse(f"{EDITOR}/preview", status_code=303)
    focus = draft.apply(action, new_type)
    return RedirectResponse(f"{EDITOR}{'#' + focus if focus else ''}", status_code=303)


@router.get("/preview", response_model=None)
async def preview(request: Request, state: StateDep, session: Session) -> Response:
    draft: Draft | None = session.drafts.get(SESSION_KEY)
    if draft is None:
        return RedirectResponse(EDITOR, status_code=303)
    versions = await _versions(state, session)
    return render(
        request, state, session, "request_form_builder/preview.html", section="admin",
        subnav="form", draft=draft, form=_shown(draft, versions), answer_list=draft.preview(),
    )  # fmt: skip


@router.post("/publish", response_model=None)
async def publish(request: Request, state: StateDep, session: PostedSession) -> Response:
    draft: Draft | None = session.drafts.get(SESSION_KEY)
    if draft is None:
        return RedirectResponse(EDITOR, status_code=303)
    if errors := problems(draft):
        versions = await _versions(state, session)
        return await _editor(request, state, session, draft, versions, errors=errors)
    return await _publish(request, state, session, draft)


@router.get("/versions", response_class=HTMLResponse)
async def history(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    versions = await _versions(state, session)
    return render(
        request, state, session, "request_form_builder/versions.html", section="admin",
        subnav="form", versions=versions, authors=await _authors(state, session),
    )  # fmt: skip


@router.get("/versions/{version_id}", response_class=HTMLResponse)
async def version(
    request: Request, version_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    org_id = session.user.org_id if session.user else None
    path = f"/orgs/{org_id}/request-form/versions/{version_id}"
    shown: PublishedForm = await session_api(state, session).get(PublishedForm, path)
    answers = [(f"preview-{spec.key}", spec) for spec in shown.fields]
    return render(
        request, state, session, "request_form_builder/version.html", section="admin",
        subnav="form", form=shown, answer_list=answers, authors=await _authors(state, session),
    )  # fmt: skip


async def _publish(
    request: Request, state: StateDep, session: WebSession, draft: Draft
) -> Response:
    try:
        published = await session_api(state, session).send("POST", "/request-forms", draft.body())
    except ApiProblem as refused:
        if refused.status not in REFUSED:
            raise
        versions = await _versions(state, session)
        errors = refusal_errors(refused.problem, draft)
        return await _editor(request, state, session, draft, versions, errors=errors)
    session.drafts.pop(SESSION_KEY, None)
    return RedirectResponse(f"{EDITOR}?published={published['version']}", status_code=303)


async def _editor(
    request: Request,
    state: WebState,
    session: WebSession,
    draft: Draft,
    versions: list[PublishedForm],
    *,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request, state, session, "request_form_builder/editor.html",
        status_code=400 if errors else 200, section="admin", subnav="form", draft=draft,
        current=versions[0] if versions else None, next_version=_next(versions),
        authors=await _authors(state, session) if versions else {}, types=TYPES,
        errors=errors or {}, published=request.query_params.get("published", ""),
        unsaved=SESSION_KEY in session.drafts,
    )  # fmt: skip


def _shown(draft: Draft, versions: list[PublishedForm]) -> dict[str, object]:
    """The draft as the compose page's owner form takes it (a title and a version)."""
    return {"title": draft.title, "version": _next(versions)}


def _next(versions: list[PublishedForm]) -> int:
    return versions[0].version + 1 if versions else 1


async def _versions(state: WebState, session: WebSession) -> list[PublishedForm]:
    found: PublishedForms = await session_api(state, session).get(PublishedForms, "/request-forms")
    return sorted(found.items, key=lambda v: v.version, reverse=True)


async def _authors(state: WebState, session: WebSession) -> dict[uuid.UUID, str]:
    """Who published, by id: the org's directory (active members; a former one is unnamed)."""
    org_id = session.user.org_id if session.user else None
    people: People = await session_api(state, session).get(People, f"/orgs/{org_id}/users")
    return {p.id: p.display_name or p.email for p in people.items}

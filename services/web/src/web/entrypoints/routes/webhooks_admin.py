"""An org admin's outgoing webhooks: the endpoints, adding one (its signing secret shown once,
on the answer to the form itself, never stored here), and an endpoint's page: edit, enable or
disable, delete, rotate the secret, send a test event, and the delivery log with redelivery."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.domain.webhooks import (
    EVENT_LABELS,
    Deliveries,
    Webhook,
    WebhookForm,
    Webhooks,
    WebhookWithSecret,
    form_errors,
)
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/webhooks")
LIST = "/admin/webhooks"
INVALID = (400, 422)
LOG_SIZE = 50


@router.get("", response_class=HTMLResponse)
async def webhooks_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    """The endpoints, each with its last delivery (fetched side by side)."""
    api = session_api(state, session)
    found: Webhooks = await api.get(Webhooks, "/webhooks")
    logs = await asyncio.gather(
        *(api.get(Deliveries, f"/webhooks/{hook.id}/deliveries", limit=1) for hook in found.items)
    )
    lasts = [log.items[0] if log.items else None for log in logs]
    rows = list(zip(found.items, lasts, strict=True))
    deleted = request.query_params.get("deleted") == "1"
    return render(
        request, state, session, "webhooks_admin/list.html", section="admin",
        rows=rows, deleted=deleted,
    )  # fmt: skip


@router.get("/new", response_class=HTMLResponse)
async def new_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    return _form_page(request, state, session, None, WebhookForm(), {})


@router.post("/new", response_class=HTMLResponse)
async def create(request: Request, state: StateDep, session: PostedSession) -> Response:
    typed = await _read(request)
    if errors := typed.problems():
        return _form_page(request, state, session, None, typed, errors, 400)
    api = session_api(state, session)
    try:
        made = WebhookWithSecret.model_validate(await api.send("POST", "/webhooks", typed.body()))
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        return _form_page(request, state, session, None, typed, form_errors(refused.problem), 400)
    if not typed.enabled:  # the API creates endpoints enabled
        await api.send("PATCH", f"/webhooks/{made.id}", {"enabled": False})
    return _secret_page(request, state, session, made, rotated=False)


@router.get("/{webhook_id}", response_class=HTMLResponse)
async def webhook_page(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    api = session_api(state, session)
    hook, log = await asyncio.gather(
        api.get(Webhook, f"/webhooks/{webhook_id}"),
        api.get(Deliveries, f"/webhooks/{webhook_id}/deliveries", limit=LOG_SIZE),
    )
    return render(
        request, state, session, "webhooks_admin/webhook.html", section="admin",
        hook=hook, log=log, done=request.query_params.get("done", ""),
    )  # fmt: skip


@router.get("/{webhook_id}/deliveries", response_class=HTMLResponse)
async def deliveries(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The delivery log alone, for htmx to fetch again while a delivery is pending."""
    path = f"/webhooks/{webhook_id}/deliveries"
    log = await session_api(state, session).get(Deliveries, path, limit=LOG_SIZE)
    return render(
        request, state, session, "webhooks_admin/_deliveries.html", webhook_id=webhook_id, log=log
    )


@router.get("/{webhook_id}/edit", response_class=HTMLResponse)
async def edit_page(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    hook = await session_api(state, session).get(Webhook, f"/webhooks/{webhook_id}")
    return _form_page(request, state, session, hook, WebhookForm.of(hook), {})


@router.post("/{webhook_id}/edit", response_class=HTMLResponse)
async def edit(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    api = session_api(state, session)
    hook = await api.get(Webhook, f"/webhooks/{webhook_id}")
    typed = await _read(request)
    typed.enabled = hook.enabled  # enabling has its own button: it also forgives failures
    if errors := typed.problems():
        return _form_page(request, state, session, hook, typed, errors, 400)
    try:
        await api.send("PATCH", f"/webhooks/{webhook_id}", typed.body())
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        return _form_page(request, state, session, hook, typed, form_errors(refused.problem), 400)
    return _back(webhook_id, "saved")


@router.post("/{webhook_id}/enabled")
async def set_enabled(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    enabled = str((await request.form()).get("enabled")) == "yes"
    await session_api(state, session).send("PATCH", f"/webhooks/{webhook_id}", {"enabled": enabled})
    return _back(webhook_id, "enabled" if enabled else "disabled")


@router.post("/{webhook_id}/test")
async def send_test(webhook_id: uuid.UUID, state: StateDep, session: PostedSession) -> Response:
    await session_api(state, session).send("POST", f"/webhooks/{webhook_id}/test", None)
    return _back(webhook_id, "test")


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver")
async def redeliver(
    webhook_id: uuid.UUID, delivery_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    path = f"/webhook-deliveries/{delivery_id}/redeliver"
    await session_api(state, session).send("POST", path, None)
    return _back(webhook_id, "redeliver")


@router.post("/{webhook_id}/rotate-secret", response_class=HTMLResponse)
async def rotate_secret(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: PostedSession
) -> HTMLResponse:
    path = f"/webhooks/{webhook_id}/rotate-secret"
    rotated = WebhookWithSecret.model_validate(
        await session_api(state, session).send("POST", path, None)
    )
    return _secret_page(request, state, session, rotated, rotated=True)


@router.get("/{webhook_id}/delete", response_class=HTMLResponse)
async def delete_page(
    request: Request, webhook_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The confirmation: what deleting does, and the one button that does it."""
    hook = await session_api(state, session).get(Webhook, f"/webhooks/{webhook_id}")
    return render(request, state, session, "webhooks_admin/delete.html", section="admin", hook=hook)


@router.post("/{webhook_id}/delete")
async def delete(webhook_id: uuid.UUID, state: StateDep, session: PostedSession) -> Response:
    await session_api(state, session).send("DELETE", f"/webhooks/{webhook_id}", None)
    return RedirectResponse(f"{LIST}?deleted=1", status_code=303)


async def _read(request: Request) -> WebhookForm:
    posted = await request.form()
    fields = {key: str(value) for key, value in posted.items()}
    return WebhookForm.read(fields, [str(t) for t in posted.getlist("event_types")])


def _back(webhook_id: uuid.UUID, done: str) -> RedirectResponse:
    return RedirectResponse(f"{LIST}/{webhook_id}?done={done}", status_code=303)


def _form_page(
    request: Request,
    state: WebState,
    session: WebSession,
    hook: Webhook | None,
    typed: WebhookForm,
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request, state, session, "webhooks_admin/form.html", status_code=status_code,
        section="admin", hook=hook, typed=typed, errors=errors, event_labels=EVENT_LABELS,
    )  # fmt: skip


def _secret_page(
    request: Request,
    state: WebState,
    session: WebSession,
    hook: WebhookWithSecret,
    *,
    rotated: bool,
) -> HTMLResponse:
    return render(
        request, state, session, "webhooks_admin/secret.html", section="admin",
        hook=hook, rotated=rotated,
    )  # fmt: skip

"""Disclosures: a case's list; choosing items (originals and redacted copies) and a recipient;
the disclosure's page, which follows the background build (htmx asks for its progress every
few seconds) and then offers the package; a printable receipt; and the recipient's public
page (/d/{token}: the receipt's token is the only credential) to acknowledge it, once."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from web.domain.disclosures import FIELDS, TOKENS, DisclosureForm, acknowledger
from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.domain.sharing import refusal_errors
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api
from web.service_layer import disclosures as use

router = APIRouter()
INVALID = (400, 403, 422)
POLL_SECONDS = 2
PRIVATE = {"referrer-policy": "no-referrer", "cache-control": "no-store", "x-robots-tag": "noindex"}
Token = Annotated[str, PathParam(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/cases/{case_id}/disclosures", response_class=HTMLResponse)
async def list_page(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    found = await use.list_page(session_api(state, session), case_id)
    return render(
        request, state, session, "disclosures/list.html", section="cases", case=found.case,
        disclosures=found.disclosures,
    )  # fmt: skip


@router.get("/cases/{case_id}/disclosures/new", response_class=HTMLResponse)
async def new_page(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    chosen = tuple(request.query_params.getlist("item"))
    return await _choose(request, state, session, case_id, form=DisclosureForm(items=chosen))


@router.post("/cases/{case_id}/disclosures", response_class=HTMLResponse)
async def create(
    request: Request, case_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    """Asks for the package; its page follows the build. The acknowledgement token is kept
    in this session only (the package's receipt carries it for good)."""
    form = DisclosureForm.read(await request.form())
    api = session_api(state, session)
    page = await use.choose_page(api, case_id)
    if errors := form.problems(page.known):
        return await _choose(request, state, session, case_id, 400, form=form, errors=errors)
    try:
        created = await use.create(api, case_id, form)
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = refusal_errors(refused.problem, FIELDS, "items")
        return await _choose(request, state, session, case_id, 400, form=form, errors=errors)
    session.drafts.setdefault(TOKENS, {})[str(created.id)] = created.acknowledgement_token
    return RedirectResponse(f"/disclosures/{created.id}", status_code=303)


@router.get("/disclosures/{disclosure_id}", response_class=HTMLResponse)
async def disclosure_page(
    request: Request, disclosure_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    found = await use.disclosure_page(session_api(state, session), disclosure_id)
    return render(
        request, state, session, "disclosures/detail.html", section="cases", case=found.case,
        d=found.disclosure, items=found.items, poll=POLL_SECONDS,
        ack_url=_ack_url(request, session, disclosure_id),
    )  # fmt: skip


@router.get("/disclosures/{disclosure_id}/progress", response_class=HTMLResponse)
async def progress(
    request: Request, disclosure_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    """The build's state and progress, for htmx to swap in until it is ready or failed."""
    found = await use.read(session_api(state, session), disclosure_id)
    return render(request, state, session, "disclosures/_progress.html", d=found, poll=POLL_SECONDS)


@router.get("/disclosures/{disclosure_id}/receipt", response_class=HTMLResponse)
async def receipt(
    request: Request, disclosure_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    found = await use.disclosure_page(session_api(state, session), disclosure_id)
    return render(
        request, state, session, "disclosures/receipt.html", section="cases", case=found.case,
        d=found.disclosure, items=found.items,
        user_name=session.user.display_name if session.user else "",
        ack_url=_ack_url(request, session, disclosure_id),
    )  # fmt: skip


@router.get("/disclosures/{disclosure_id}/download")
async def download(disclosure_id: uuid.UUID, state: StateDep, session: Session) -> Response:
    """The package ZIP as the gateway streams it (409 while it builds)."""
    found = await use.download(session_api(state, session), disclosure_id)
    headers = found.headers | {"Cache-Control": "private, no-store"}
    return StreamingResponse(found.body, headers=headers)


@router.get("/d/{token}", response_class=HTMLResponse)
async def recipient_page(request: Request, token: Token, state: StateDep) -> HTMLResponse:
    found = await use.for_recipient(state.gateway, token)
    done = request.query_params.get("done") == "1"
    page = render(
        request, state, None, "disclosures/recipient.html", d=found, done=done, token=token
    )
    page.headers.update(PRIVATE)
    return page


@router.post("/d/{token}", response_class=HTMLResponse)
async def acknowledge(request: Request, token: Token, state: StateDep) -> Response:
    """No session and no CSRF token here: the token in the address is the credential, and
    acknowledging is once only."""
    name = acknowledger(str((await request.form()).get("name") or ""))
    errors: dict[str, str] = {}
    if not name or len(name) > 200:
        errors["name"] = "Enter your name (at most 200 characters)"
    else:
        try:
            await use.acknowledge(state.gateway, token, name)
        except ApiProblem as refused:
            if refused.status not in (409, 422):
                raise
            errors["name"] = (
                "This disclosure was acknowledged already"
                if refused.status == 409
                else refused.problem.message
            )
    if not errors:
        return _private(RedirectResponse(f"/d/{token}?done=1", status_code=303))
    found = await use.for_recipient(state.gateway, token)
    page = render(
        request, state, None, "disclosures/recipient.html", 400, d=found, errors=errors,
        typed=name, token=token,
    )  # fmt: skip
    return _private(page)


def _private(response: Response) -> Response:
    response.headers.update(PRIVATE)
    return response


def _ack_url(request: Request, session: WebSession, disclosure_id: uuid.UUID) -> str | None:
    token = session.drafts.get(TOKENS, {}).get(str(disclosure_id))
    return f"{str(request.base_url).rstrip('/')}/d/{token}" if token else None


async def _choose(
    request: Request,
    state: WebState,
    session: WebSession,
    case_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = await use.choose_page(session_api(state, session), case_id)
    defaults: dict[str, Any] = {"form": DisclosureForm(), "errors": {}}
    return render(
        request, state, session, "disclosures/new.html", status_code=status_code,
        section="cases", case=page.case, groups=page.groups, **(defaults | context),
    )  # fmt: skip

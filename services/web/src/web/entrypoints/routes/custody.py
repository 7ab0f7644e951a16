"""Chain of custody: an evidence item's or a case's ledger records as a timeline, the proofs
the browser verifies itself (static/js/custody-verify.js, decision 0031), the ledger's
published key, and a printable report to re-check offline."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from web.domain.custody import (
    MAX_REPORT_PROOFS,
    PAGE_SIZE,
    AuditRecord,
    order_of,
    page_of,
    signed_text,
    timeline_entry,
    trail_page,
)
from web.domain.sessions import WebSession
from web.entrypoints.deps import Session, StateDep, WebState, render, session_api
from web.service_layer import custody as use

router = APIRouter()
EventIds = Annotated[list[uuid.UUID], Query(alias="event_id", max_length=PAGE_SIZE)]
NO_STORE = {"Cache-Control": "no-store"}


def _org(session: WebSession) -> uuid.UUID | None:
    user = session.user
    return None if user is None or "guest" in user.roles else user.org_id


def _pin(request: Request) -> str:
    return str(getattr(request.app.state, "ledger_key_pin", "") or "")


async def _timeline(
    request: Request, state: WebState, session: WebSession, where: dict[str, str], **context: Any
) -> HTMLResponse:
    api = session_api(state, session)
    (records, truncated), names = await asyncio.gather(
        use.trail(api, **where), use.names(api, _org(session))
    )
    query = request.query_params
    order = order_of(query.get("order"))
    shown = trail_page(records, names, order, page_of(query.get("page")), truncated)
    base = request.url.path
    return render(
        request, state, session, "custody/timeline.html", section="cases", trail=shown,
        base=base, key_pin=_pin(request), **context,
    )  # fmt: skip


@router.get("/evidence/{evidence_id}/custody", response_class=HTMLResponse)
async def item_custody(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    item = await use.item(session_api(state, session), evidence_id)
    where = {"object_id": str(evidence_id)}
    return await _timeline(request, state, session, where, item=item, case=None)


@router.get("/cases/{case_id}/custody", response_class=HTMLResponse)
async def case_custody(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    case = await use.case(session_api(state, session), case_id)
    where = {"case_id": str(case_id)}
    return await _timeline(request, state, session, where, item=None, case=case)


@router.get("/evidence/{evidence_id}/custody/proofs.json")
async def item_proofs(
    evidence_id: uuid.UUID, state: StateDep, session: Session, event_ids: EventIds
) -> JSONResponse:
    """The shown records' proofs, relayed as the gateway answered them; the browser checks."""
    api = session_api(state, session)
    await use.item(api, evidence_id)  # another organization's item: 404 here
    return JSONResponse({"proofs": await use.proofs(api, event_ids)}, headers=NO_STORE)


@router.get("/cases/{case_id}/custody/proofs.json")
async def case_proofs(
    case_id: uuid.UUID, state: StateDep, session: Session, event_ids: EventIds
) -> JSONResponse:
    api = session_api(state, session)
    await use.case(api, case_id)
    return JSONResponse({"proofs": await use.proofs(api, event_ids)}, headers=NO_STORE)


@router.get("/custody/ledger-key.json")
async def ledger_key(state: StateDep, session: Session) -> JSONResponse:
    """The gateway's published ledger key (GET /api/v1/audit/public-key), apart from the
    proofs: the browser derives its key id itself and compares it with the heads' and a pin."""
    key = await use.ledger_key(session_api(state, session))
    return JSONResponse(key.model_dump(), headers=NO_STORE)


async def _report(
    request: Request, state: WebState, session: WebSession, where: dict[str, str], **context: Any
) -> HTMLResponse:
    api = session_api(state, session)
    (records, truncated), names, key = await asyncio.gather(
        use.trail(api, **where), use.names(api, _org(session)), use.ledger_key(api)
    )
    proven: list[AuditRecord] = records[:MAX_REPORT_PROOFS]
    found = use.typed(await use.proofs(api, [r.event_id for r in proven]))
    heads = {p.tree_head.id: p.tree_head for p in found.values() if p is not None}
    head = next(iter(heads.values()), None)
    return render(
        request, state, session, "custody/report.html", section="cases",
        entries=[timeline_entry(record, names) for record in proven], proofs=found, head=head,
        head_text=signed_text(head) if head else "", key=key, total=len(records),
        truncated=truncated or len(records) > len(proven), key_pin=_pin(request), **context,
    )  # fmt: skip


@router.get("/evidence/{evidence_id}/custody/report", response_class=HTMLResponse)
async def item_report(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    item = await use.item(session_api(state, session), evidence_id)
    where = {"object_id": str(evidence_id)}
    return await _report(request, state, session, where, item=item, case=None)


@router.get("/cases/{case_id}/custody/report", response_class=HTMLResponse)
async def case_report(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    case = await use.case(session_api(state, session), case_id)
    where = {"case_id": str(case_id)}
    return await _report(request, state, session, where, item=None, case=case)

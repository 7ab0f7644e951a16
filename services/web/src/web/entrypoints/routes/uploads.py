"""Uploading files and folders from the browser into a case (tus, resumable), and the
field-capture app on a phone: its page, manifest and service worker (decision 0033).

The page's script gets an upload grant from this app (POST, CSRF-checked): a token scoped to
uploading into that case, never the session's gateway tokens. The bytes go straight to the
device gateway, the one origin besides this site's the pages may connect to."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from web.domain.uploads import UploadSource, capture_manifest
from web.entrypoints.deps import PostedSession, Session, StateDep, render, session_api
from web.entrypoints.security import CSP
from web.service_layer import uploads as use
from web.service_layer.sessions import now

router = APIRouter()
SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "js" / "capture-sw.js"
Source = Annotated[UploadSource, Query()]


def _connecting(request: Request, response: HTMLResponse) -> HTMLResponse:
    """The page may send files to the device gateway, and nowhere else but this site."""
    origin = request.app.state.upload_origin
    response.headers["content-security-policy"] = f"{CSP}; connect-src 'self' {origin}"
    return response


@router.get("/cases/{case_id}/upload", response_class=HTMLResponse)
async def upload_page(
    request: Request, case_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    case = await use.read_case(session_api(state, session), case_id)
    page = render(request, state, session, "uploads/page.html", section="cases", case=case)
    return _connecting(request, page)


@router.post("/cases/{case_id}/upload/grant")
async def upload_grant(
    case_id: uuid.UUID, state: StateDep, session: PostedSession, source: Source = "browser"
) -> JSONResponse:
    """The tus endpoint and token for this case (CSRF header required: the script's fetch)."""
    found = await use.grant(session_api(state, session), case_id, source, now())
    return JSONResponse(found.for_script(), headers={"cache-control": "no-store"})


@router.get("/cases/{case_id}/upload/items")
async def uploaded_items(case_id: uuid.UUID, state: StateDep, session: Session) -> JSONResponse:
    """The case's items, for the page's links to what arrived (filename, sha256, page)."""
    found = await use.items(session_api(state, session), case_id)
    listed = [
        {"filename": i.filename, "sha256": i.sha256, "url": f"/evidence/{i.id}"} for i in found
    ]
    return JSONResponse({"items": listed})


@router.get("/capture", response_class=HTMLResponse)
async def capture_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    cases = await use.open_cases(session_api(state, session))
    page = render(request, state, session, "capture/page.html", section="capture", cases=cases)
    return _connecting(request, page)


@router.get("/capture/manifest.webmanifest")
async def manifest() -> JSONResponse:
    return JSONResponse(capture_manifest(), media_type="application/manifest+json")


@router.get("/sw.js")
async def service_worker() -> FileResponse:
    """The field-capture app's service worker, from the site's root so that its scope may be
    /capture; revalidated on every registration check."""
    return FileResponse(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/capture"},
    )

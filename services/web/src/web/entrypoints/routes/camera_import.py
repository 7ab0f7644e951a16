"""Bulk camera import for owner admins: choose a CSV or GeoJSON file, "Check file" runs the
API's dry run and shows its report (line, field, reason), "Import N cameras" commits.

The checked file stays in the server-side session between the two steps (domain
PendingImport); the import is one more call to the API, which checks every row again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from web.domain.camera_import import (
    COLUMNS,
    MAX_FILE_BYTES,
    SESSION_KEY,
    ImportReport,
    PendingImport,
    example_csv,
    example_geojson,
    file_format,
    report_rows,
)
from web.domain.errors import ApiProblem
from web.domain.sessions import WebSession
from web.entrypoints.deps import PostedSession, Session, StateDep, WebState, render, session_api

router = APIRouter(prefix="/admin/cameras/import")
PAGE = "/admin/cameras/import"
UNPROCESSABLE = 422
REFUSED_FILE = (400, 413, 422)
EXAMPLES = {
    "csv": (example_csv, "text/csv; charset=utf-8"),
    "geojson": (example_geojson, "application/geo+json"),
}


@router.get("", response_class=HTMLResponse)
async def import_page(request: Request, state: StateDep, session: Session) -> HTMLResponse:
    imported = request.query_params.get("imported", "")
    imported = imported if imported.isdigit() else ""  # a count, never text from a link
    pending = session.drafts.get(SESSION_KEY)
    return _page(request, state, session, pending, imported=imported)


@router.get("/example.{fmt}")
async def example(fmt: str, session: Session) -> Response:
    if fmt not in EXAMPLES:
        return PlainTextResponse("No such example", status_code=404)
    write, media_type = EXAMPLES[fmt]
    disposition = f'attachment; filename="cameras-example.{fmt}"'
    return Response(write(), media_type=media_type, headers={"Content-Disposition": disposition})


@router.post("/check", response_class=HTMLResponse)
async def check_file(
    request: Request,
    state: StateDep,
    session: PostedSession,
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """The dry run of the chosen file; the file waits in the session for "Import"."""
    session.drafts.pop(SESSION_KEY, None)
    name = (file.filename or "") if file else ""
    data = await file.read(MAX_FILE_BYTES + 1) if file else b""
    fmt = file_format(name)
    error = _file_error(name, data, fmt)
    if error or fmt is None:
        return _page(request, state, session, None, error=error, status_code=400)
    try:
        answer = await session_api(state, session).upload(
            "POST", "/cameras/import", (name, data, "application/octet-stream"),
            format=fmt, dry_run="true",
        )  # fmt: skip
    except ApiProblem as refused:  # the file as a whole: too large, not a form the API reads
        if refused.status not in REFUSED_FILE:
            raise
        error = refused.problem.message
        return _page(request, state, session, None, error=error, status_code=400)
    pending = PendingImport(name, fmt, data, ImportReport.model_validate(answer))
    session.drafts[SESSION_KEY] = pending
    return _page(request, state, session, pending)


@router.post("", response_model=None)
async def import_file(
    request: Request,
    state: StateDep,
    session: PostedSession,
    import_id: Annotated[str, Form()] = "",
) -> Response:
    pending: PendingImport | None = session.drafts.get(SESSION_KEY)
    if pending is None or pending.id != import_id or not pending.importable:
        error = "This file is no longer waiting to be imported: choose it and check it again"
        return _page(request, state, session, None, error=error, status_code=409)
    try:
        answer = await session_api(state, session).upload(
            "POST", "/cameras/import", (pending.filename, pending.data, "application/octet-stream"),
            format=pending.format, dry_run="false",
        )  # fmt: skip
    except ApiProblem as refused:  # a row went bad since the check (a device was removed…)
        if refused.status != UNPROCESSABLE or not refused.problem.errors:
            raise
        pending.report = ImportReport.refused(refused.problem, pending.report.valid_rows)
        return _page(request, state, session, pending, status_code=400)
    session.drafts.pop(SESSION_KEY, None)
    count = len(ImportReport.model_validate(answer).camera_ids)
    return RedirectResponse(f"{PAGE}?imported={count}", status_code=303)


def _file_error(name: str, data: bytes, fmt: str | None) -> str | None:
    if not name:
        return "Choose a CSV or GeoJSON file"
    if fmt is None:
        return "Choose a file whose name ends in .csv, .geojson or .json"
    if not data:
        return "The file is empty: choose another"
    if len(data) > MAX_FILE_BYTES:
        return f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it in parts"
    return None


def _page(
    request: Request,
    state: WebState,
    session: WebSession,
    pending: PendingImport | None,
    *,
    error: str | None = None,
    imported: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request, state, session, "camera_import/page.html", status_code=status_code,
        section="admin", subnav="import", columns=COLUMNS, pending=pending,
        rows=report_rows(pending.report) if pending else [],
        errors={"file": error} if error else {}, imported=imported,
    )  # fmt: skip

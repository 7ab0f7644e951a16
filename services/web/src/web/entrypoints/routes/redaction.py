"""The redaction studio: an item's jobs and a new one, a job followed live (SSE), its review
(tracks to mask, masks drawn by hand, audio), and the redacted copy beside the original."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from web.domain.coverage import STATE_WORDS, STRIP_WIDTH, bars, checks, summary
from web.domain.errors import ApiProblem, SignedOut
from web.domain.redaction import STYLES, FormProblem, Job, Review, progress_summary, sse_event
from web.domain.sessions import WebSession
from web.entrypoints.deps import (
    COOKIE,
    PostedSession,
    Session,
    StateDep,
    WebState,
    render,
    session_api,
)
from web.service_layer import redaction as use
from web.service_layer.sessions import now

router = APIRouter()
log = structlog.get_logger()
BASE = "/evidence/{evidence_id}/redaction"
INVALID = (400, 409, 422)
NO_CONTENT = 204
RETRY_MS = 3000
BOX_FRAMES, MAX_BOX_FRAMES, MAX_FRAME = 300, 1000, 1 << 40  # as the API pages boxes


@router.get(BASE, response_class=HTMLResponse)
async def studio(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    found = await use.studio(session_api(state, session), evidence_id)
    return render(
        request, state, session, "redaction/studio.html", section="cases",
        item=found.item, jobs=found.jobs, errors={},
    )  # fmt: skip


@router.post(BASE, response_class=HTMLResponse)
async def start(
    request: Request, evidence_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    job_id = await use.start(session_api(state, session), evidence_id)
    return RedirectResponse(f"/evidence/{evidence_id}/redaction/{job_id}", status_code=303)


@router.get(BASE + "/{job_id}", response_class=HTMLResponse)
async def job(
    request: Request, evidence_id: uuid.UUID, job_id: uuid.UUID, state: StateDep, session: Session
) -> HTMLResponse:
    return await _job_page(request, state, session, evidence_id, job_id)


async def _job_page(
    request: Request,
    state: WebState,
    session: WebSession,
    evidence_id: uuid.UUID,
    job_id: uuid.UUID,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    try:
        found = await use.job_page(session_api(state, session), evidence_id, job_id)
    except use.NotThisItems:
        raise HTTPException(404) from None
    context = {"errors": {}, "review": Review(), **context}
    if found.coverage is not None:
        names = {t.id: t.name for t in found.job.tracks}
        context["coverage"] = {
            "bars": bars(found.coverage), "summary": summary(found.coverage),
            "checks": checks(found.coverage, lambda t: names.get(t, f"Track {t}")),
            "more": found.coverage.moments_total - len(found.coverage.moments),
            "width": STRIP_WIDTH, "words": STATE_WORDS,
        }  # fmt: skip
    return render(
        request, state, session, "redaction/job.html", status_code=status_code,
        section="cases", item=found.item, job=found.job, derived=found.derived,
        summary=progress_summary(found.job), styles=STYLES, **context,
    )  # fmt: skip


@router.post(BASE + "/{job_id}/review", response_class=HTMLResponse)
async def review(
    request: Request,
    evidence_id: uuid.UUID,
    job_id: uuid.UUID,
    state: StateDep,
    session: PostedSession,
) -> Response:
    api = session_api(state, session)
    current = await _read_job(api, evidence_id, job_id)
    typed = Review.read(await request.form(), [t.id for t in current.tracks])
    try:
        await use.review(api, job_id, typed.body())
    except FormProblem as wrong:
        errors = {wrong.field_id: wrong.message}
        return await _job_page(
            request, state, session, evidence_id, job_id, 400, errors=errors, review=typed
        )
    except ApiProblem as refused:
        if refused.status not in INVALID:
            raise
        errors = {"review-title": refused.problem.message}
        return await _job_page(
            request, state, session, evidence_id, job_id, 400, errors=errors, review=typed
        )
    return RedirectResponse(f"/evidence/{evidence_id}/redaction/{job_id}", status_code=303)


@router.post(BASE + "/{job_id}/cancel", response_class=HTMLResponse)
async def cancel(
    evidence_id: uuid.UUID, job_id: uuid.UUID, state: StateDep, session: PostedSession
) -> Response:
    api = session_api(state, session)
    await _read_job(api, evidence_id, job_id)
    await use.cancel(api, job_id)
    return RedirectResponse(f"/evidence/{evidence_id}/redaction/{job_id}", status_code=303)


async def _read_job(api: Any, evidence_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    try:
        return await use.read_job(api, evidence_id, job_id)
    except use.NotThisItems:
        raise HTTPException(404) from None


@router.get(BASE + "/{job_id}/tracks/{track_id}/thumbnail")
async def track_thumbnail(
    evidence_id: uuid.UUID, job_id: uuid.UUID, track_id: int, state: StateDep, session: Session
) -> Response:
    """A detected track's thumbnail, relayed with the session's token."""
    api = session_api(state, session)
    await _read_job(api, evidence_id, job_id)
    answer = await use.thumbnail(api, job_id, track_id)
    return Response(answer.content, media_type="image/jpeg", headers={"Cache-Control": "private"})


@router.get(BASE + "/{job_id}/boxes")
async def track_boxes(
    evidence_id: uuid.UUID,
    job_id: uuid.UUID,
    state: StateDep,
    session: Session,
    from_frame: Annotated[int, Query(ge=0, le=MAX_FRAME)] = 0,
    frames: Annotated[int, Query(ge=1, le=MAX_BOX_FRAMES)] = BOX_FRAMES,
) -> JSONResponse:
    """The detected boxes of a window of frames, for the preview's outlines (the API's page)."""
    api = session_api(state, session)
    await _read_job(api, evidence_id, job_id)
    found = await use.boxes(api, job_id, from_frame, frames)
    return JSONResponse(found.model_dump(mode="json"), headers={"Cache-Control": "private"})


@router.get(BASE + "/{job_id}/events", response_class=StreamingResponse)
async def events(
    request: Request, evidence_id: uuid.UUID, job_id: uuid.UUID, state: StateDep
) -> Response:
    """The job's progress while it runs: `progress` (the panel), `summary` (words for the
    live region, when they change) and, once it has stopped, `done`. Peeked, not used."""
    session = state.store.peek(request.cookies.get(COOKIE), now())
    if session is None or not session.signed_in:
        return Response(status_code=NO_CONTENT)  # an EventSource stops on 204
    return StreamingResponse(
        _relay(state, session, evidence_id, job_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _relay(
    state: WebState, session: WebSession, evidence_id: uuid.UUID, job_id: uuid.UUID
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    api = session_api(state, session)
    panel = state.templates.get_template("redaction/_progress.html")
    said = ""
    try:
        async for job in use.watch(lambda: use.read_job(api, evidence_id, job_id)):
            yield sse_event("progress", panel.render(job=job, item={"id": evidence_id}))
            if (summary := progress_summary(job)) != said:
                yield sse_event("summary", summary)
                said = summary
            if not job.running:
                done = state.templates.get_template("redaction/_done.html")
                yield sse_event("done", done.render(job=job, item={"id": evidence_id}))
    except (ApiProblem, SignedOut, use.NotThisItems) as failed:
        log.info("redaction.relay_ended", reason=type(failed).__name__)

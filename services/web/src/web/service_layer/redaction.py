"""What the redaction studio asks of the gateway: an item's jobs, a job, starting, reviewing
and cancelling one, track thumbnails and the detected boxes of a window of frames."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from web.domain.case_views import EvidenceView
from web.domain.coverage import Coverage
from web.domain.errors import ApiProblem
from web.domain.redaction import Job, Jobs, TrackBoxes
from web.service_layer.api import Api

POLL_SECONDS = 1.0
QUEUED_POLL, QUEUED_WITHIN = 0.25, 15.0
NOT_FOUND = 404
# A live view ends after this long; the browser's EventSource then asks again.
STREAM_SECONDS = 300.0


@dataclass
class StudioPage:
    item: EvidenceView
    jobs: list[Job]


async def studio(api: Api, evidence_id: uuid.UUID) -> StudioPage:
    item, jobs = await asyncio.gather(
        api.get(EvidenceView, f"/evidence/{evidence_id}"),
        api.get(Jobs, f"/evidence/{evidence_id}/redactions"),
    )
    return StudioPage(item, jobs.items)


async def start(
    api: Api, evidence_id: uuid.UUID, sleep: Callable[[float], Any] = asyncio.sleep
) -> uuid.UUID:
    """Asks for a job, then waits (up to QUEUED_WITHIN) until the redaction service has
    queued it: the API accepts the request first and the job reaches its URL by message."""
    accepted = await api.send("POST", f"/evidence/{evidence_id}/redactions", None)
    job_id = uuid.UUID(accepted["job_id"])
    waited = 0.0
    while waited < QUEUED_WITHIN:
        try:
            await api.get_json(f"/redactions/{job_id}")
            break
        except ApiProblem as missing:
            if missing.status != NOT_FOUND:
                raise
        await sleep(QUEUED_POLL)
        waited += QUEUED_POLL
    return job_id


@dataclass
class JobPage:
    item: EvidenceView
    job: Job
    derived: EvidenceView | None
    coverage: Coverage | None  # a video's, while it awaits review


async def job_page(api: Api, evidence_id: uuid.UUID, job_id: uuid.UUID) -> JobPage:
    """The item and its job (404 when the job belongs to another item), the copy, and what
    the reviewer should check."""
    item, job = await asyncio.gather(
        api.get(EvidenceView, f"/evidence/{evidence_id}"), read_job(api, evidence_id, job_id)
    )
    derived = None
    if job.derived_evidence_id is not None:
        derived = await api.get(EvidenceView, f"/evidence/{job.derived_evidence_id}")
    video = job.media is not None and job.media.kind == "video"
    found = await coverage(api, job_id) if job.status == "awaiting_review" and video else None
    return JobPage(item, job, derived, found)


async def coverage(api: Api, job_id: uuid.UUID) -> Coverage | None:
    """None for a job analysed before coverage was kept."""
    try:
        found: Coverage = await api.get(Coverage, f"/redactions/{job_id}/coverage")
    except ApiProblem as refused:
        if refused.status != NOT_FOUND:
            raise
        return None
    return found


class NotThisItems(LookupError):
    """A job id under another item's address."""


async def read_job(api: Api, evidence_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job: Job = await api.get(Job, f"/redactions/{job_id}")
    if job.evidence_id != evidence_id:
        raise NotThisItems(job_id)
    return job


async def review(api: Api, job_id: uuid.UUID, body: dict[str, Any]) -> Job:
    return Job.model_validate(await api.send("POST", f"/redactions/{job_id}/review", body))


async def cancel(api: Api, job_id: uuid.UUID) -> Job:
    return Job.model_validate(await api.send("POST", f"/redactions/{job_id}/cancel", None))


async def thumbnail(api: Api, job_id: uuid.UUID, track_id: int) -> httpx.Response:
    return await api.raw(f"/redactions/{job_id}/tracks/{track_id}/thumbnail")


async def boxes(api: Api, job_id: uuid.UUID, from_frame: int, frames: int) -> TrackBoxes:
    found: TrackBoxes = await api.get(
        TrackBoxes, f"/redactions/{job_id}/boxes", from_frame=from_frame, frames=frames
    )
    return found


async def watch(
    read: Callable[[], Any], sleep: Callable[[float], Any] = asyncio.sleep
) -> AsyncIterator[Job]:
    """The job every POLL_SECONDS while it runs, and once more when it has stopped (or when
    STREAM_SECONDS have passed)."""
    waited = 0.0
    while True:
        job: Job = await read()
        yield job
        if not job.running or waited >= STREAM_SECONDS:
            return
        await sleep(POLL_SECONDS)
        waited += POLL_SECONDS

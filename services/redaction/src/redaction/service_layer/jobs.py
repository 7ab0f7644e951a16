"""What users do with redaction jobs: read them, review an analysed job, cancel.

Jobs belong to the organization of their original: another org's job is NotFound. A guest
carries the organization that invited it but sees only items granted to it: it reads a job
only when evidence says it may see the job's item, and may not redact (choose masks,
cancel). Whether a user may redact an item at all (own org, download permission) was decided
by evidence when the job was requested."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from custody_contracts.principal import ROLE_GUEST, ROLE_SERVICE, Principal
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from redaction.adapters import repository
from redaction.adapters.orm import Job, Track
from redaction.domain.boxes import MAX_FRAME, MAX_FRAMES, BoxPage, TrackBoxes, page
from redaction.domain.coverage import Coverage, stored_coverage
from redaction.domain.jobs import TERMINAL
from redaction.domain.media import MediaInfo
from redaction.domain.review import check_plan, parse_plan
from redaction.service_layer.changes import move
from redaction.service_layer.ports import ItemAccess


@dataclass(frozen=True)
class JobView:
    job: Job
    tracks: Sequence[Track]


async def get_job(
    uow: UnitOfWork, items: ItemAccess, principal: Principal, job_id: uuid.UUID
) -> JobView:
    job = await _readable_job(uow, items, principal, job_id)
    return JobView(job, await repository.tracks_of(uow.session, job.id))


async def list_jobs(uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID) -> list[JobView]:
    jobs = await repository.jobs_of_evidence(uow.session, principal.org_id, evidence_id)
    return [JobView(job, await repository.tracks_of(uow.session, job.id)) for job in jobs]


async def submit_review(
    uow: UnitOfWork, principal: Principal, job_id: uuid.UUID, raw_plan: dict[str, Any]
) -> JobView:
    """Validates the whole review before changing anything, then hands the job to a worker."""
    _ensure_may_redact(principal)
    plan = parse_plan(raw_plan)
    job = await _job(uow, principal, job_id, lock=True)
    if job.status != "awaiting_review" or job.media is None:
        raise Conflict("only a job awaiting review can be reviewed", current_state=job.status)
    tracks = await repository.tracks_of(uow.session, job.id)
    check_plan(plan, MediaInfo.model_validate(job.media), (t.track_id for t in tracks))
    job.plan = plan.model_dump(mode="json")
    job.reviewed_by, job.reviewed_at = principal.user_id, datetime.now(UTC)
    job.attempts, job.frames_done, job.frames_total, job.fps = 0, 0, 0, 0.0
    move(
        uow,
        job,
        "rendering",
        actor=Actor.of(principal),
        selection=plan.selection,
        track_ids=plan.track_ids,
        manual_masks=len(plan.manual_masks),
        style=plan.style,
    )
    return JobView(job, tracks)


async def cancel_job(uow: UnitOfWork, principal: Principal, job_id: uuid.UUID) -> JobView:
    """A job nobody is working on is cancelled at once; a running step sees the flag at its
    next heartbeat, stops, and the worker records the cancellation."""
    _ensure_may_redact(principal)
    job = await _job(uow, principal, job_id, lock=True)
    if job.status in TERMINAL:
        raise Conflict(f"the job is already {job.status}", current_state=job.status)
    if _held(job):
        job.cancel_requested = True
        job.updated_at = datetime.now(UTC)
    else:
        move(uow, job, "cancelled", actor=Actor.of(principal))
    return JobView(job, await repository.tracks_of(uow.session, job.id))


async def thumbnail(
    uow: UnitOfWork,
    items: ItemAccess,
    store: ObjectStore,
    principal: Principal,
    job_id: uuid.UUID,
    track_id: int,
) -> bytes:
    job = await _readable_job(uow, items, principal, job_id)
    track = await repository.track_of(uow.session, job.id, track_id)
    if track is None or track.thumbnail_key is None:
        raise NotFound(f"track {track_id} has no thumbnail")
    return await asyncio.to_thread(store.read_bytes, track.thumbnail_key)


async def track_boxes(
    uow: UnitOfWork,
    items: ItemAccess,
    principal: Principal,
    job_id: uuid.UUID,
    from_frame: int,
    frames: int,
) -> BoxPage:
    """The detected boxes of `frames` frames from `from_frame` (fewer past MAX_BOXES); none
    before the analysis ends."""
    if not 0 <= from_frame <= MAX_FRAME or not 1 <= frames <= MAX_FRAMES:
        raise InvalidArgument(f"from_frame must be 0 to {MAX_FRAME} and frames 1 to {MAX_FRAMES}")
    job = await _readable_job(uow, items, principal, job_id)
    if job.media is None:
        return BoxPage(from_frame, from_frame + frames, False, [])
    last = from_frame + frames - 1
    rows = await repository.tracks_between(uow.session, job.id, from_frame, last)
    later = await repository.any_track_after(uow.session, job.id, last)
    tracks = [TrackBoxes(r.track_id, r.boxes) for r in rows]
    return page(tracks, MediaInfo.model_validate(job.media), from_frame, frames, later=later)


async def job_coverage(
    uow: UnitOfWork, items: ItemAccess, principal: Principal, job_id: uuid.UUID
) -> Coverage:
    job = await _readable_job(uow, items, principal, job_id)
    found = stored_coverage(job.media)
    if found is None:
        raise NotFound(
            "the job has no coverage: it is not analysed yet, is a photo, or was analysed "
            "before coverage was kept"
        )
    return found


async def manifest(
    uow: UnitOfWork, items: ItemAccess, store: ObjectStore, principal: Principal, job_id: uuid.UUID
) -> tuple[bytes, str]:
    job = await _readable_job(uow, items, principal, job_id)
    if job.status != "completed" or job.manifest_key is None or job.manifest_sha256 is None:
        raise NotFound("the job has no manifest until it completes")
    return await asyncio.to_thread(store.read_bytes, job.manifest_key), job.manifest_sha256


async def _job(
    uow: UnitOfWork, principal: Principal, job_id: uuid.UUID, *, lock: bool = False
) -> Job:
    job = await repository.job_of(uow.session, principal.org_id, job_id, lock=lock)
    if job is None:
        raise NotFound(f"redaction job {job_id} not found")
    return job


async def _readable_job(
    uow: UnitOfWork, items: ItemAccess, principal: Principal, job_id: uuid.UUID
) -> Job:
    """Members see every job of their organization; a guest only the jobs of items evidence
    lets it see (granted to it), and any other answers as unknown."""
    job = await _job(uow, principal, job_id)
    if _is_guest(principal) and not await items.visible(principal, job.evidence_id):
        raise NotFound(f"redaction job {job_id} not found")
    return job


def _is_guest(principal: Principal) -> bool:
    return principal.has_role(ROLE_GUEST) and not principal.has_role(ROLE_SERVICE)


def _ensure_may_redact(principal: Principal) -> None:
    if _is_guest(principal):
        raise PermissionDenied("guests may not redact evidence")


def _held(job: Job) -> bool:
    """A worker holds a live lease on the job (it is running a step right now)."""
    expires = job.lease_expires_at
    return job.lease_owner is not None and expires is not None and expires > datetime.now(UTC)

"""The two steps a worker runs: analyse (detect, track, thumbnails) and render (masks,
encode, store, register the copy with evidence), as parts the worker entrypoint sequences.
The pipeline runs in a thread with no transaction open; each `record_*` writes a part's
results in the unit of work it is given, so an interrupted step leaves nothing half-done and
is simply run again."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import artifacts, repository
from redaction.adapters.orm import Job, Track
from redaction.domain.coverage import COVERAGE_KEY, Coverage, coverage
from redaction.domain.manifest import build_manifest
from redaction.domain.media import Analysis, MediaInfo, RenderPlan, RenderResult
from redaction.domain.media import Track as MediaTrack
from redaction.service_layer import credentials, outputs
from redaction.service_layer.changes import move, release_lease
from redaction.service_layer.claims import CancelRequested, locked
from redaction.service_layer.monitor import Monitor
from redaction.service_layer.ports import WorkerDeps


@dataclass(frozen=True)
class Analysed:
    analysis: Analysis
    tracks: list[Track]  # rows to write; their thumbnails are stored already
    coverage: Coverage | None  # videos only: a photo has no timeline to cover


@dataclass(frozen=True)
class Rendered:
    result: RenderResult
    manifest: bytes
    keys: tuple[str, str]  # where the output and the manifest are stored


async def analyse(deps: WorkerDeps, job: Job, monitor: Monitor, work: Path) -> Analysed:
    """Detects and tracks in the pipeline's thread and stores thumbnails; writes no rows."""
    src = await _fetch_original(deps, job, work)
    analysis = await asyncio.to_thread(
        deps.pipeline.analyse, src, on_progress=monitor.report, cancelled=monitor.cancelled
    )
    tracks = await asyncio.to_thread(outputs.store_thumbnails, deps, job, analysis)
    video = analysis.media.kind == "video"
    return Analysed(analysis, tracks, coverage(analysis) if video else None)


async def record_analysis(uow: UnitOfWork, deps: WorkerDeps, job: Job, done: Analysed) -> None:
    """The tracks, media and coverage; the job then awaits review."""
    current = await _ours(uow, deps, job)
    await repository.replace_tracks(uow.session, job.id, done.tracks)
    frames = done.analysis.media.frame_count
    current.media = done.analysis.media.model_dump(mode="json")
    if done.coverage is not None:  # kept in the media document (decision 0050)
        current.media[COVERAGE_KEY] = done.coverage.model_dump(mode="json")
    _step_done(current, frames)
    move(uow, current, "awaiting_review", tracks=len(done.tracks), frames=frames)


async def stored_analysis(uow: UnitOfWork, job: Job) -> Analysis:
    """The analysis step's result, as the render step reads it back."""
    rows = await repository.tracks_of(uow.session, job.id)
    tracks = [
        MediaTrack(id=r.track_id, kind=r.kind, score=r.score, boxes=r.boxes)  # type: ignore[arg-type]
        for r in rows
    ]
    return Analysis(media=MediaInfo.model_validate(job.media), tracks=tracks)


async def render(
    deps: WorkerDeps, job: Job, monitor: Monitor, work: Path, analysis: Analysis
) -> Rendered:
    """Masks and encodes in the pipeline's thread, signs the copy's C2PA manifest, then stores
    the signed copy and its JSON manifest."""
    src = await _fetch_original(deps, job, work)
    dst = work / f"output{outputs.output_suffix(job)}"
    signed = work / f"signed{outputs.output_suffix(job)}"
    plan = RenderPlan.model_validate(job.plan)
    rendered = await asyncio.to_thread(
        deps.pipeline.render,
        src,
        dst,
        analysis,
        plan,
        on_progress=monitor.report,
        cancelled=monitor.cancelled,
    )
    result = await asyncio.to_thread(
        credentials.sign_copy, deps, job, analysis, plan, (dst, rendered), signed
    )
    manifest = build_manifest(outputs.manifest_subject(job), plan, result)
    keys = await asyncio.to_thread(outputs.store_output, deps, job, signed, result, manifest)
    return Rendered(result, manifest, keys)


async def record_render(uow: UnitOfWork, deps: WorkerDeps, job: Job, done: Rendered) -> None:
    """The stored output on the job, so a rerun skips rendering; discarded if cancelled."""
    try:
        current = await _ours(uow, deps, job)
    except CancelRequested:
        await asyncio.to_thread(artifacts.delete_all, deps.store, list(done.keys))
        raise
    current.output_key, current.manifest_key = done.keys
    current.output_sha256, current.output_size = done.result.sha256, done.result.size
    current.manifest_sha256 = artifacts.sha256_of(done.manifest)
    current.frames_done = current.frames_total = done.result.frames
    job.output_key, job.output_sha256 = current.output_key, current.output_sha256


async def register_copy(deps: WorkerDeps, job: Job, monitor: Monitor) -> uuid.UUID:
    """The stored output becomes evidence, derived from the original; unless cancelled."""
    if monitor.cancelled():
        raise CancelRequested(str(job.id))
    assert job.output_key is not None and job.output_sha256 is not None
    return await deps.evidence.ingest_derived(outputs.derived_copy(job))


async def complete(uow: UnitOfWork, deps: WorkerDeps, job: Job, derived_id: uuid.UUID) -> None:
    """Too late to cancel: the copy is registered. Announces the output and its manifest."""
    current = await _ours(uow, deps, job, cancellable=False)
    current.derived_evidence_id = derived_id
    _step_done(current, current.frames_total)
    move(uow, current, "completed", derived_evidence_id=str(derived_id))
    outputs.announce_completed(uow, current)


async def _fetch_original(deps: WorkerDeps, job: Job, work: Path) -> Path:
    src = work / f"original{outputs.original_suffix(job)}"
    await deps.evidence.download(job.evidence_id, job.org_id, job.sha256, src)
    return src


async def _ours(uow: UnitOfWork, deps: WorkerDeps, job: Job, *, cancellable: bool = True) -> Job:
    current = await locked(uow, deps, job.id)
    if cancellable and current.cancel_requested:
        raise CancelRequested(str(job.id))
    return current


def _step_done(job: Job, frames: int) -> None:
    job.frames_done = job.frames_total = frames
    job.attempts = 0
    release_lease(job)

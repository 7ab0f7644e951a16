"""The two steps a worker runs: analyse (detect, track, thumbnails) and render (masks,
encode, store, register the copy with evidence). The pipeline runs in a thread; results are
written in one transaction at the end of a step, so an interrupted step leaves nothing
half-done and is simply run again."""

from __future__ import annotations

import asyncio
from pathlib import Path, PurePosixPath

from custody_contracts.events.redaction import RedactionCompleted
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import artifacts, repository
from redaction.adapters.evidence import DerivedCopy
from redaction.adapters.orm import Job, Track
from redaction.domain.manifest import ManifestSubject, build_manifest
from redaction.domain.media import Analysis, MediaInfo, RenderPlan, RenderResult
from redaction.domain.media import Track as MediaTrack
from redaction.service_layer.changes import WORKER, move, release_lease
from redaction.service_layer.claims import CancelRequested, locked
from redaction.service_layer.monitor import Monitor
from redaction.service_layer.ports import WorkerDeps


async def analyse(deps: WorkerDeps, job: Job, monitor: Monitor, work: Path) -> None:
    src = await _fetch_original(deps, job, work)
    analysis = await asyncio.to_thread(
        deps.pipeline.analyse, src, on_progress=monitor.report, cancelled=monitor.cancelled
    )
    tracks = await asyncio.to_thread(_store_thumbnails, deps, job, analysis)
    async with deps.uow_factory() as uow:
        current = await _ours(uow, deps, job)
        await repository.replace_tracks(uow.session, job.id, tracks)
        current.media = analysis.media.model_dump(mode="json")
        _step_done(current, analysis.media.frame_count)
        move(uow, current, "awaiting_review", tracks=len(tracks), frames=analysis.media.frame_count)
        await uow.commit()


async def render(deps: WorkerDeps, job: Job, monitor: Monitor, work: Path) -> None:
    if job.output_key is None:  # not stored by an earlier, interrupted attempt
        await _render_and_store(deps, job, monitor, work)
    if monitor.cancelled():
        raise CancelRequested(str(job.id))
    assert job.output_key is not None and job.output_sha256 is not None
    derived_id = await deps.evidence.ingest_derived(_derived_copy(job))
    async with deps.uow_factory() as uow:
        current = await _ours(uow, deps, job, cancellable=False)
        current.derived_evidence_id = derived_id
        _step_done(current, current.frames_total)
        move(uow, current, "completed", derived_evidence_id=str(derived_id))
        _record_output(uow, current)
        await uow.commit()


async def _render_and_store(deps: WorkerDeps, job: Job, monitor: Monitor, work: Path) -> None:
    src = await _fetch_original(deps, job, work)
    dst = work / f"output{_suffix(job)}"
    plan = RenderPlan.model_validate(job.plan)
    analysis = await _analysis_of(deps, job)
    result = await asyncio.to_thread(
        deps.pipeline.render,
        src,
        dst,
        analysis,
        plan,
        on_progress=monitor.report,
        cancelled=monitor.cancelled,
    )
    manifest = build_manifest(_subject(job), plan, result)
    stored = await asyncio.to_thread(_store_output, deps, job, dst, result, manifest)
    async with deps.uow_factory() as uow:
        try:
            current = await _ours(uow, deps, job)
        except CancelRequested:
            await asyncio.to_thread(artifacts.delete_all, deps.store, list(stored))
            raise
        current.output_key, current.manifest_key = stored
        current.output_sha256, current.output_size = result.sha256, result.size
        current.manifest_sha256 = artifacts.sha256_of(manifest)
        current.frames_done = current.frames_total = result.frames
        job.output_key, job.output_sha256 = current.output_key, current.output_sha256
        await uow.commit()


async def _fetch_original(deps: WorkerDeps, job: Job, work: Path) -> Path:
    src = work / f"original{_original_suffix(job)}"
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


def _store_thumbnails(deps: WorkerDeps, job: Job, analysis: Analysis) -> list[Track]:
    rows = []
    for track in analysis.tracks:
        key = None
        if track.thumbnail_jpeg:
            key = artifacts.thumbnail_key(job.id, track.id)
            artifacts.put_bytes(deps.store, key, track.thumbnail_jpeg)
        rows.append(_track_row(job, track, key))
    return rows


def _track_row(job: Job, track: MediaTrack, thumbnail_key: str | None) -> Track:
    frames = sorted(track.boxes)
    return Track(
        job_id=job.id,
        track_id=track.id,
        kind=track.kind,
        score=track.score,
        first_frame=frames[0] if frames else 0,
        last_frame=frames[-1] if frames else 0,
        frame_count=len(frames),
        boxes={str(f): list(box) for f, box in track.boxes.items()},
        thumbnail_key=thumbnail_key,
    )


async def _analysis_of(deps: WorkerDeps, job: Job) -> Analysis:
    async with deps.uow_factory() as uow:
        rows = await repository.tracks_of(uow.session, job.id)
        tracks = [
            MediaTrack(id=r.track_id, kind=r.kind, score=r.score, boxes=r.boxes)  # type: ignore[arg-type]
            for r in rows
        ]
    return Analysis(media=MediaInfo.model_validate(job.media), tracks=tracks)


def _store_output(
    deps: WorkerDeps, job: Job, dst: Path, result: RenderResult, manifest: bytes
) -> tuple[str, str]:
    output = artifacts.output_key(job.id, _suffix(job))
    artifacts.put_file(deps.store, output, dst, result.sha256)
    manifest_key = artifacts.manifest_key(job.id)
    artifacts.put_bytes(deps.store, manifest_key, manifest)
    return output, manifest_key


def _subject(job: Job) -> ManifestSubject:
    assert job.reviewed_by is not None and job.reviewed_at is not None
    return ManifestSubject(
        job_id=job.id,
        evidence_id=job.evidence_id,
        org_id=job.org_id,
        original_sha256=job.sha256,
        requested_by=job.requested_by,
        reviewed_by=job.reviewed_by,
        reviewed_at=job.reviewed_at,
    )


def _record_output(uow: UnitOfWork, job: Job) -> None:
    assert job.output_key and job.output_sha256 and job.output_size is not None
    uow.emit(
        RedactionCompleted(
            job_id=job.id,
            evidence_id=job.evidence_id,
            org_id=job.org_id,
            object_key=job.output_key,
            sha256=job.output_sha256,
            size=job.output_size,
            derived_evidence_id=job.derived_evidence_id,
            case_id=job.case_id,
            manifest_key=job.manifest_key,
            manifest_sha256=job.manifest_sha256,
        ),
        subject=f"redaction_job/{job.id}",
    )
    uow.audit(
        WORKER,
        "redaction.manifest_recorded",
        object_type="redaction_manifest",
        object_id=job.id,
        org_ids=(job.org_id,),
        object_hash=job.manifest_sha256,
        manifest_key=job.manifest_key,
        evidence_id=str(job.evidence_id),
        original_sha256=job.sha256,
        derived_evidence_id=str(job.derived_evidence_id),
        output_sha256=job.output_sha256,
    )


def _original_suffix(job: Job) -> str:
    return PurePosixPath(job.filename).suffix.lower()[:8]


def _suffix(job: Job) -> str:
    """The output's: videos become MP4, photos keep their format (PNG or JPEG)."""
    if not (job.media and job.media.get("kind") == "image"):
        return ".mp4"
    png = job.content_type == "image/png" or _original_suffix(job) == ".png"
    return ".png" if png else ".jpg"


def _derived_copy(job: Job) -> DerivedCopy:
    assert job.output_key is not None and job.output_sha256 is not None
    stem = PurePosixPath(job.filename).stem or "evidence"
    suffix = _suffix(job)
    image = suffix != ".mp4"
    return DerivedCopy(
        original_id=job.evidence_id,
        org_id=job.org_id,
        object_key=job.output_key,
        sha256=job.output_sha256,
        filename=f"{stem}-redacted{suffix}",
        content_type=(job.content_type or "image/jpeg") if image else "video/mp4",
        description=f"Redacted copy of {job.filename or job.evidence_id} (redaction job {job.id})",
        job_id=job.id,
    )

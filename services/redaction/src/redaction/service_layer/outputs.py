"""What a job leaves behind: thumbnails, the rendered copy and its manifest in the object
store, the derived copy evidence registers, and the completion announced with its manifest.
The store calls block; the steps run them in worker threads."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from custody_contracts.events.redaction import RedactionCompleted
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import artifacts
from redaction.adapters.evidence import DerivedCopy
from redaction.adapters.orm import Job, Track
from redaction.domain.manifest import ManifestSubject
from redaction.domain.media import Analysis, RenderResult
from redaction.domain.media import Track as MediaTrack
from redaction.service_layer.changes import WORKER
from redaction.service_layer.ports import WorkerDeps


def store_thumbnails(deps: WorkerDeps, job: Job, analysis: Analysis) -> list[Track]:
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


def store_output(
    deps: WorkerDeps, job: Job, dst: Path, result: RenderResult, manifest: bytes
) -> tuple[str, str]:
    output = artifacts.output_key(job.id, output_suffix(job))
    artifacts.put_file(deps.store, output, dst, result.sha256)
    manifest_key = artifacts.manifest_key(job.id)
    artifacts.put_bytes(deps.store, manifest_key, manifest)
    return output, manifest_key


def manifest_subject(job: Job) -> ManifestSubject:
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


def announce_completed(uow: UnitOfWork, job: Job) -> None:
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


def original_suffix(job: Job) -> str:
    return PurePosixPath(job.filename).suffix.lower()[:8]


def output_suffix(job: Job) -> str:
    """The output's: videos become MP4, photos keep their format (PNG or JPEG)."""
    if not (job.media and job.media.get("kind") == "image"):
        return ".mp4"
    png = job.content_type == "image/png" or original_suffix(job) == ".png"
    return ".png" if png else ".jpg"


def derived_copy(job: Job) -> DerivedCopy:
    assert job.output_key is not None and job.output_sha256 is not None
    return DerivedCopy(
        original_id=job.evidence_id,
        org_id=job.org_id,
        object_key=job.output_key,
        sha256=job.output_sha256,
        filename=copy_filename(job),
        content_type=copy_content_type(job),
        description=f"Redacted copy of {job.filename or job.evidence_id} (redaction job {job.id})",
        job_id=job.id,
    )


def copy_filename(job: Job) -> str:
    stem = PurePosixPath(job.filename).stem or "evidence"
    return f"{stem}-redacted{output_suffix(job)}"


def copy_content_type(job: Job) -> str:
    if output_suffix(job) == ".mp4":
        return "video/mp4"
    return job.content_type or "image/jpeg"

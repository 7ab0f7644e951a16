"""Job rows to protobuf messages, and review requests to a plan's raw fields."""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from custody_contracts.grpc import redaction_pb2
from custody_platform.grpc.fields import read_optional, timestamp

from redaction.adapters.orm import Job, Track
from redaction.domain.boxes import BoxPage, FrameBox
from redaction.domain.coverage import Coverage
from redaction.domain.jobs import percent
from redaction.domain.media import MediaInfo
from redaction.service_layer.jobs import JobView


def certificate_message(pem: bytes) -> redaction_pb2.C2paCertificate:
    fingerprint = x509.load_pem_x509_certificate(pem).fingerprint(hashes.SHA256())
    return redaction_pb2.C2paCertificate(certificate_pem=pem.decode(), sha256=fingerprint.hex())


def job_message(view: JobView) -> redaction_pb2.RedactionJob:
    job = view.job
    return redaction_pb2.RedactionJob(
        id=str(job.id),
        evidence_id=str(job.evidence_id),
        case_id=str(job.case_id),
        org_id=str(job.org_id),
        status=job.status,
        reason=job.reason or "",
        progress=_progress(job),
        media=_media(job.media) if job.media else None,
        tracks=[_track(t) for t in view.tracks],
        derived_evidence_id=str(job.derived_evidence_id or ""),
        requested_by=str(job.requested_by),
        reviewed_by=str(job.reviewed_by or ""),
        created_at=timestamp(job.created_at),
        updated_at=timestamp(job.updated_at),
        cancel_requested=job.cancel_requested,
        manifest_sha256=job.manifest_sha256 or "",
        output_sha256=job.output_sha256 or "",
    )


def _media(raw: dict[str, Any]) -> redaction_pb2.RedactionMedia:
    # The rotation stays inside: boxes leave the service already turned upright.
    media = MediaInfo.model_validate(raw).model_dump(exclude={"rotation"})
    return redaction_pb2.RedactionMedia(**media)


def _progress(job: Job) -> redaction_pb2.RedactionProgressInfo:
    return redaction_pb2.RedactionProgressInfo(
        step=job.step or "",
        percent=percent(job.frames_done, job.frames_total),
        frames_done=job.frames_done,
        frames_total=job.frames_total,
        fps=job.fps,
    )


def _track(track: Track) -> redaction_pb2.RedactionTrack:
    return redaction_pb2.RedactionTrack(
        id=track.track_id,
        kind=track.kind,
        score=track.score,
        first_frame=track.first_frame,
        last_frame=track.last_frame,
        frame_count=track.frame_count,
        has_thumbnail=track.thumbnail_key is not None,
    )


def boxes_message(found: BoxPage) -> redaction_pb2.TrackBoxes:
    return redaction_pb2.TrackBoxes(
        from_frame=found.from_frame,
        to_frame=found.to_frame,
        more=found.more,
        boxes=[_box(b) for b in found.boxes],
    )


def _box(found: FrameBox) -> redaction_pb2.TrackBox:
    x1, y1, x2, y2 = found.box
    return redaction_pb2.TrackBox(
        track_id=found.track_id, frame=found.frame, x1=x1, y1=y1, x2=x2, y2=y2
    )


def coverage_message(found: Coverage) -> redaction_pb2.RedactionCoverage:
    return redaction_pb2.RedactionCoverage(
        **found.model_dump(exclude={"segments", "moments"}),
        segments=[redaction_pb2.CoverageSegment(**s.model_dump()) for s in found.segments],
        moments=[redaction_pb2.CoverageMoment(**m.model_dump()) for m in found.moments],
    )


def plan_fields(request: redaction_pb2.SubmitRedactionReviewRequest) -> dict[str, Any]:
    """The review as the plan's raw fields; the domain validates them."""
    fields: dict[str, Any] = {
        "selection": request.selection or "all",
        "track_ids": list(request.track_ids),
        "manual_masks": [_mask(m) for m in request.manual_masks],
        "style": request.style or "blur",
        "audio": {
            "remove": request.audio.remove,
            "mute_ranges": [(r.start_s, r.end_s) for r in request.audio.mute_ranges],
            "bleep": request.audio.bleep,
        },
    }
    if (margin := read_optional(request, "margin")) is not None:
        fields["margin"] = margin
    return fields


def _mask(mask: redaction_pb2.RedactionManualMask) -> dict[str, Any]:
    return {
        "id": mask.id,
        "shape": mask.shape,
        "keyframes": [
            {"time_s": k.time_s, "points": [(p.x, p.y) for p in k.points]} for k in mask.keyframes
        ],
        "start_s": mask.start_s,
        "end_s": mask.end_s,
    }

"""What a redaction job's analysis found, as the API shows it: the boxes of its tracks, frame
by frame, and its coverage (decisions 0039, 0050); and the installation's C2PA certificate
that the redacted copies' manifests chain to (decision 0049)."""

from __future__ import annotations

from typing import Literal

from custody_contracts.grpc import redaction_pb2
from pydantic import BaseModel, Field


class C2paCertificatePublic(BaseModel):
    certificate_pem: str = Field(
        description="The installation's C2PA CA certificate, which every redacted copy's "
        "manifest chains to: pin it with `custody-verify --c2pa-ca FILE`"
    )
    sha256: str = Field(
        description="SHA-256 of the certificate's DER bytes, lowercase hex (as `openssl x509 "
        "-fingerprint -sha256` shows it, without colons): compare it over another channel"
    )


class TrackBoxPublic(BaseModel):
    """A detected face or plate on one frame, in pixels of the picture as a player shows it
    (the job's media width and height)."""

    track_id: int
    frame: int
    x1: float
    y1: float
    x2: float
    y2: float


class TrackBoxesPublic(BaseModel):
    from_frame: int
    to_frame: int  # the first frame after this page
    next_from_frame: int | None  # where the next page starts; null when no box follows
    boxes: list[TrackBoxPublic]  # by frame, then track


class CoverageSegmentPublic(BaseModel):
    start_frame: int
    end_frame: int  # inclusive
    state: Literal["detected", "carried", "none"]


class CoverageMomentPublic(BaseModel):
    """A moment to check: a track lost while the detector was sure of it (`abrupt_end`),
    frames where tracking carried a face the detector missed (`missed`), or a stretch where
    the weakest face's confidence is under 0.5 (`low_confidence`)."""

    reason: Literal["abrupt_end", "missed", "low_confidence"]
    start_frame: int
    end_frame: int  # inclusive
    time_s: float
    track_id: int | None  # null for a low-confidence stretch
    score: float


class RedactionCoveragePublic(BaseModel):
    """How much of the video the automatic masks rest on the detector for: frames it found
    every face or plate on (`detected`), frames tracking alone carried a box (`carried`),
    frames with none known (`none`), as runs of frames, and the moments worth a look."""

    frames: int
    fps: float
    detected_frames: int
    carried_frames: int
    uncovered_frames: int
    detected_share: float  # of all frames, 0 to 1
    carried_share: float
    uncovered_share: float
    segments: list[CoverageSegmentPublic]  # in frame order
    moments: list[CoverageMomentPublic]  # at most 100, the most worth a look, in time order
    moments_total: int


def boxes_public(found: redaction_pb2.TrackBoxes) -> TrackBoxesPublic:
    return TrackBoxesPublic(
        from_frame=found.from_frame,
        to_frame=found.to_frame,
        next_from_frame=found.to_frame if found.more else None,
        boxes=[
            TrackBoxPublic(track_id=b.track_id, frame=b.frame, x1=b.x1, y1=b.y1, x2=b.x2, y2=b.y2)
            for b in found.boxes
        ],
    )


def coverage_public(found: redaction_pb2.RedactionCoverage) -> RedactionCoveragePublic:
    def share(count: int) -> float:
        return round(count / found.frames, 4) if found.frames else 0.0

    return RedactionCoveragePublic(
        frames=found.frames,
        fps=found.fps,
        detected_frames=found.detected_frames,
        carried_frames=found.carried_frames,
        uncovered_frames=found.uncovered_frames,
        detected_share=share(found.detected_frames),
        carried_share=share(found.carried_frames),
        uncovered_share=share(found.uncovered_frames),
        segments=[
            CoverageSegmentPublic(start_frame=s.start_frame, end_frame=s.end_frame, state=s.state)  # type: ignore[arg-type]
            for s in found.segments
        ],
        moments=[
            CoverageMomentPublic(
                reason=m.reason,  # type: ignore[arg-type]
                start_frame=m.start_frame,
                end_frame=m.end_frame,
                time_s=m.time_s,
                track_id=m.track_id if m.HasField("track_id") else None,
                score=m.score,
            )
            for m in found.moments
        ],
        moments_total=found.moments_total,
    )

"""Redaction jobs: request, watch, review, cancel."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from annotated_types import Ge, Le
from custody_contracts.grpc import redaction_pb2
from custody_platform.grpc.fields import optional_uuid, read_time
from pydantic import AfterValidator, BaseModel, Field, Strict

from gateway.entrypoints.api.schemas.common import Int32Id, Line, Real, no_duplicates

API = "/api/v1"
MAX_MASKS = 200
MAX_KEYFRAMES = 2000
MAX_POINTS = 64
MAX_SECONDS = 7 * 24 * 3600  # a week of video; the job checks the media's own duration
MAX_PIXELS = 1 << 16  # a coordinate; the job checks the frame's own size
MAX_BOX_FRAMES = 1000  # frames one page of boxes may cover
MAX_FRAME = 1 << 40  # a frame index beyond any video, as the redaction service allows
Seconds = Annotated[Real, Ge(0), Le(MAX_SECONDS)]
Pixel = Annotated[Real, Ge(0), Le(MAX_PIXELS)]
TrackId = Annotated[Int32Id, Strict()]
Frame = Annotated[int, Ge(0), Le(MAX_FRAME)]
BoxFrames = Annotated[int, Ge(1), Le(MAX_BOX_FRAMES)]


class RedactionRequestedPublic(BaseModel):
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    status: Literal["queued"] = "queued"
    url: str


class RedactionProgressPublic(BaseModel):
    step: str | None
    percent: float
    frames_done: int
    frames_total: int
    fps: float


class RedactionMediaPublic(BaseModel):
    kind: str
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    has_audio: bool
    video_codec: str


class RedactionTrackPublic(BaseModel):
    id: int
    kind: str
    score: float
    first_frame: int
    last_frame: int
    frame_count: int
    thumbnail_url: str | None


class RedactionJobPublic(BaseModel):
    id: uuid.UUID
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    status: str
    reason: str | None
    cancel_requested: bool
    progress: RedactionProgressPublic
    media: RedactionMediaPublic | None
    tracks: list[RedactionTrackPublic]
    derived_evidence_id: uuid.UUID | None
    output_sha256: str | None
    manifest_sha256: str | None
    requested_by: uuid.UUID
    reviewed_by: uuid.UUID | None
    created_at: datetime | None
    updated_at: datetime | None


class RedactionJobsPublic(BaseModel):
    items: list[RedactionJobPublic]
    count: int


class KeyframeIn(BaseModel):
    time_s: Seconds
    points: list[tuple[Pixel, Pixel]] = Field(max_length=MAX_POINTS)


class ManualMaskIn(BaseModel):
    id: Line = Field(min_length=1, max_length=64)
    shape: Literal["rect", "polygon"]
    keyframes: list[KeyframeIn] = Field(min_length=1, max_length=MAX_KEYFRAMES)
    start_s: Seconds
    end_s: Seconds


class AudioIn(BaseModel):
    remove: bool = False
    mute_ranges: list[tuple[Seconds, Seconds]] = Field(default_factory=list, max_length=MAX_MASKS)
    bleep: bool = False


class RedactionReview(BaseModel):
    """Which detected tracks to mask (all, only the listed ones, all but the listed ones),
    extra masks drawn by hand, the mask style and margin, and what to do with the audio."""

    selection: Literal["all", "only", "all_but"] = "all"
    track_ids: Annotated[
        list[TrackId],
        AfterValidator(no_duplicates),
        Field(max_length=10_000, json_schema_extra={"uniqueItems": True}),
    ] = Field(default_factory=list)
    manual_masks: list[ManualMaskIn] = Field(default_factory=list, max_length=MAX_MASKS)
    style: Literal["blur", "pixelate", "fill"] = "blur"
    margin: Annotated[Real, Ge(0), Le(2)] | None = None
    audio: AudioIn = Field(default_factory=AudioIn)

    def to_proto(self, job_id: uuid.UUID) -> redaction_pb2.SubmitRedactionReviewRequest:
        return redaction_pb2.SubmitRedactionReviewRequest(
            job_id=str(job_id),
            selection=self.selection,
            track_ids=self.track_ids,
            manual_masks=[_mask(m) for m in self.manual_masks],
            style=self.style,
            margin=self.margin,
            audio=redaction_pb2.RedactionAudioPlan(
                remove=self.audio.remove,
                mute_ranges=[
                    redaction_pb2.RedactionTimeRange(start_s=a, end_s=b)
                    for a, b in self.audio.mute_ranges
                ],
                bleep=self.audio.bleep,
            ),
        )


def _mask(mask: ManualMaskIn) -> redaction_pb2.RedactionManualMask:
    return redaction_pb2.RedactionManualMask(
        id=mask.id,
        shape=mask.shape,
        keyframes=[
            redaction_pb2.RedactionKeyframe(
                time_s=k.time_s,
                points=[redaction_pb2.RedactionPoint(x=x, y=y) for x, y in k.points],
            )
            for k in mask.keyframes
        ],
        start_s=mask.start_s,
        end_s=mask.end_s,
    )


def job_url(job_id: uuid.UUID | str) -> str:
    return f"{API}/redactions/{job_id}"


def job_public(job: redaction_pb2.RedactionJob) -> RedactionJobPublic:
    progress = job.progress
    return RedactionJobPublic(
        id=uuid.UUID(job.id),
        evidence_id=uuid.UUID(job.evidence_id),
        case_id=uuid.UUID(job.case_id),
        status=job.status,
        reason=job.reason or None,
        cancel_requested=job.cancel_requested,
        progress=RedactionProgressPublic(
            step=progress.step or None,
            percent=progress.percent,
            frames_done=progress.frames_done,
            frames_total=progress.frames_total,
            fps=progress.fps,
        ),
        media=_media(job) if job.HasField("media") else None,
        tracks=[_track(job.id, t) for t in job.tracks],
        derived_evidence_id=optional_uuid(job.derived_evidence_id, "derived_evidence_id"),
        output_sha256=job.output_sha256 or None,
        manifest_sha256=job.manifest_sha256 or None,
        requested_by=uuid.UUID(job.requested_by),
        reviewed_by=optional_uuid(job.reviewed_by, "reviewed_by"),
        created_at=read_time(job, "created_at"),
        updated_at=read_time(job, "updated_at"),
    )


def _media(job: redaction_pb2.RedactionJob) -> RedactionMediaPublic:
    m = job.media
    return RedactionMediaPublic(
        kind=m.kind,
        width=m.width,
        height=m.height,
        fps=m.fps,
        frame_count=m.frame_count,
        duration_s=m.duration_s,
        has_audio=m.has_audio,
        video_codec=m.video_codec,
    )


def _track(job_id: str, track: redaction_pb2.RedactionTrack) -> RedactionTrackPublic:
    thumbnail = f"{job_url(job_id)}/tracks/{track.id}/thumbnail" if track.has_thumbnail else None
    return RedactionTrackPublic(
        id=track.id,
        kind=track.kind,
        score=track.score,
        first_frame=track.first_frame,
        last_frame=track.last_frame,
        frame_count=track.frame_count,
        thumbnail_url=thumbnail,
    )


def jobs_public(response: redaction_pb2.ListRedactionJobsResponse) -> RedactionJobsPublic:
    items = [job_public(j) for j in response.jobs]
    return RedactionJobsPublic(items=items, count=len(items))

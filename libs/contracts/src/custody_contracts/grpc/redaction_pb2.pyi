import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RedactionProgressInfo(_message.Message):
    __slots__ = ("step", "percent", "frames_done", "frames_total", "fps")
    STEP_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    FRAMES_DONE_FIELD_NUMBER: _ClassVar[int]
    FRAMES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    step: str
    percent: float
    frames_done: int
    frames_total: int
    fps: float
    def __init__(self, step: _Optional[str] = ..., percent: _Optional[float] = ..., frames_done: _Optional[int] = ..., frames_total: _Optional[int] = ..., fps: _Optional[float] = ...) -> None: ...

class RedactionMedia(_message.Message):
    __slots__ = ("kind", "width", "height", "fps", "frame_count", "duration_s", "has_audio", "video_codec")
    KIND_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    FRAME_COUNT_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    HAS_AUDIO_FIELD_NUMBER: _ClassVar[int]
    VIDEO_CODEC_FIELD_NUMBER: _ClassVar[int]
    kind: str
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    has_audio: bool
    video_codec: str
    def __init__(self, kind: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[float] = ..., frame_count: _Optional[int] = ..., duration_s: _Optional[float] = ..., has_audio: _Optional[bool] = ..., video_codec: _Optional[str] = ...) -> None: ...

class RedactionTrack(_message.Message):
    __slots__ = ("id", "kind", "score", "first_frame", "last_frame", "frame_count", "has_thumbnail")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    FIRST_FRAME_FIELD_NUMBER: _ClassVar[int]
    LAST_FRAME_FIELD_NUMBER: _ClassVar[int]
    FRAME_COUNT_FIELD_NUMBER: _ClassVar[int]
    HAS_THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    id: int
    kind: str
    score: float
    first_frame: int
    last_frame: int
    frame_count: int
    has_thumbnail: bool
    def __init__(self, id: _Optional[int] = ..., kind: _Optional[str] = ..., score: _Optional[float] = ..., first_frame: _Optional[int] = ..., last_frame: _Optional[int] = ..., frame_count: _Optional[int] = ..., has_thumbnail: _Optional[bool] = ...) -> None: ...

class RedactionJob(_message.Message):
    __slots__ = ("id", "evidence_id", "case_id", "org_id", "status", "reason", "progress", "media", "tracks", "derived_evidence_id", "requested_by", "reviewed_by", "created_at", "updated_at", "cancel_requested", "manifest_sha256", "output_sha256")
    ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    TRACKS_FIELD_NUMBER: _ClassVar[int]
    DERIVED_EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_SHA256_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_SHA256_FIELD_NUMBER: _ClassVar[int]
    id: str
    evidence_id: str
    case_id: str
    org_id: str
    status: str
    reason: str
    progress: RedactionProgressInfo
    media: RedactionMedia
    tracks: _containers.RepeatedCompositeFieldContainer[RedactionTrack]
    derived_evidence_id: str
    requested_by: str
    reviewed_by: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    cancel_requested: bool
    manifest_sha256: str
    output_sha256: str
    def __init__(self, id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., case_id: _Optional[str] = ..., org_id: _Optional[str] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., progress: _Optional[_Union[RedactionProgressInfo, _Mapping]] = ..., media: _Optional[_Union[RedactionMedia, _Mapping]] = ..., tracks: _Optional[_Iterable[_Union[RedactionTrack, _Mapping]]] = ..., derived_evidence_id: _Optional[str] = ..., requested_by: _Optional[str] = ..., reviewed_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancel_requested: _Optional[bool] = ..., manifest_sha256: _Optional[str] = ..., output_sha256: _Optional[str] = ...) -> None: ...

class GetRedactionJobRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListRedactionJobsRequest(_message.Message):
    __slots__ = ("evidence_id",)
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    def __init__(self, evidence_id: _Optional[str] = ...) -> None: ...

class ListRedactionJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[RedactionJob]
    def __init__(self, jobs: _Optional[_Iterable[_Union[RedactionJob, _Mapping]]] = ...) -> None: ...

class RedactionPoint(_message.Message):
    __slots__ = ("x", "y")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ...) -> None: ...

class RedactionKeyframe(_message.Message):
    __slots__ = ("time_s", "points")
    TIME_S_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    time_s: float
    points: _containers.RepeatedCompositeFieldContainer[RedactionPoint]
    def __init__(self, time_s: _Optional[float] = ..., points: _Optional[_Iterable[_Union[RedactionPoint, _Mapping]]] = ...) -> None: ...

class RedactionManualMask(_message.Message):
    __slots__ = ("id", "shape", "keyframes", "start_s", "end_s")
    ID_FIELD_NUMBER: _ClassVar[int]
    SHAPE_FIELD_NUMBER: _ClassVar[int]
    KEYFRAMES_FIELD_NUMBER: _ClassVar[int]
    START_S_FIELD_NUMBER: _ClassVar[int]
    END_S_FIELD_NUMBER: _ClassVar[int]
    id: str
    shape: str
    keyframes: _containers.RepeatedCompositeFieldContainer[RedactionKeyframe]
    start_s: float
    end_s: float
    def __init__(self, id: _Optional[str] = ..., shape: _Optional[str] = ..., keyframes: _Optional[_Iterable[_Union[RedactionKeyframe, _Mapping]]] = ..., start_s: _Optional[float] = ..., end_s: _Optional[float] = ...) -> None: ...

class RedactionTimeRange(_message.Message):
    __slots__ = ("start_s", "end_s")
    START_S_FIELD_NUMBER: _ClassVar[int]
    END_S_FIELD_NUMBER: _ClassVar[int]
    start_s: float
    end_s: float
    def __init__(self, start_s: _Optional[float] = ..., end_s: _Optional[float] = ...) -> None: ...

class RedactionAudioPlan(_message.Message):
    __slots__ = ("remove", "mute_ranges", "bleep")
    REMOVE_FIELD_NUMBER: _ClassVar[int]
    MUTE_RANGES_FIELD_NUMBER: _ClassVar[int]
    BLEEP_FIELD_NUMBER: _ClassVar[int]
    remove: bool
    mute_ranges: _containers.RepeatedCompositeFieldContainer[RedactionTimeRange]
    bleep: bool
    def __init__(self, remove: _Optional[bool] = ..., mute_ranges: _Optional[_Iterable[_Union[RedactionTimeRange, _Mapping]]] = ..., bleep: _Optional[bool] = ...) -> None: ...

class SubmitRedactionReviewRequest(_message.Message):
    __slots__ = ("job_id", "selection", "track_ids", "manual_masks", "style", "margin", "audio")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SELECTION_FIELD_NUMBER: _ClassVar[int]
    TRACK_IDS_FIELD_NUMBER: _ClassVar[int]
    MANUAL_MASKS_FIELD_NUMBER: _ClassVar[int]
    STYLE_FIELD_NUMBER: _ClassVar[int]
    MARGIN_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    selection: str
    track_ids: _containers.RepeatedScalarFieldContainer[int]
    manual_masks: _containers.RepeatedCompositeFieldContainer[RedactionManualMask]
    style: str
    margin: float
    audio: RedactionAudioPlan
    def __init__(self, job_id: _Optional[str] = ..., selection: _Optional[str] = ..., track_ids: _Optional[_Iterable[int]] = ..., manual_masks: _Optional[_Iterable[_Union[RedactionManualMask, _Mapping]]] = ..., style: _Optional[str] = ..., margin: _Optional[float] = ..., audio: _Optional[_Union[RedactionAudioPlan, _Mapping]] = ...) -> None: ...

class CancelRedactionJobRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetTrackThumbnailRequest(_message.Message):
    __slots__ = ("job_id", "track_id")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    track_id: int
    def __init__(self, job_id: _Optional[str] = ..., track_id: _Optional[int] = ...) -> None: ...

class TrackThumbnail(_message.Message):
    __slots__ = ("jpeg",)
    JPEG_FIELD_NUMBER: _ClassVar[int]
    jpeg: bytes
    def __init__(self, jpeg: _Optional[bytes] = ...) -> None: ...

class ListTrackBoxesRequest(_message.Message):
    __slots__ = ("job_id", "from_frame", "frames")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FRAME_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    from_frame: int
    frames: int
    def __init__(self, job_id: _Optional[str] = ..., from_frame: _Optional[int] = ..., frames: _Optional[int] = ...) -> None: ...

class TrackBox(_message.Message):
    __slots__ = ("track_id", "frame", "x1", "y1", "x2", "y2")
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    X1_FIELD_NUMBER: _ClassVar[int]
    Y1_FIELD_NUMBER: _ClassVar[int]
    X2_FIELD_NUMBER: _ClassVar[int]
    Y2_FIELD_NUMBER: _ClassVar[int]
    track_id: int
    frame: int
    x1: float
    y1: float
    x2: float
    y2: float
    def __init__(self, track_id: _Optional[int] = ..., frame: _Optional[int] = ..., x1: _Optional[float] = ..., y1: _Optional[float] = ..., x2: _Optional[float] = ..., y2: _Optional[float] = ...) -> None: ...

class TrackBoxes(_message.Message):
    __slots__ = ("from_frame", "to_frame", "more", "boxes")
    FROM_FRAME_FIELD_NUMBER: _ClassVar[int]
    TO_FRAME_FIELD_NUMBER: _ClassVar[int]
    MORE_FIELD_NUMBER: _ClassVar[int]
    BOXES_FIELD_NUMBER: _ClassVar[int]
    from_frame: int
    to_frame: int
    more: bool
    boxes: _containers.RepeatedCompositeFieldContainer[TrackBox]
    def __init__(self, from_frame: _Optional[int] = ..., to_frame: _Optional[int] = ..., more: _Optional[bool] = ..., boxes: _Optional[_Iterable[_Union[TrackBox, _Mapping]]] = ...) -> None: ...

class GetRedactionManifestRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class RedactionManifest(_message.Message):
    __slots__ = ("json", "sha256")
    JSON_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    json: str
    sha256: str
    def __init__(self, json: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

class GetRedactionCoverageRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CoverageSegment(_message.Message):
    __slots__ = ("start_frame", "end_frame", "state")
    START_FRAME_FIELD_NUMBER: _ClassVar[int]
    END_FRAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    start_frame: int
    end_frame: int
    state: str
    def __init__(self, start_frame: _Optional[int] = ..., end_frame: _Optional[int] = ..., state: _Optional[str] = ...) -> None: ...

class CoverageMoment(_message.Message):
    __slots__ = ("reason", "start_frame", "end_frame", "time_s", "track_id", "score")
    REASON_FIELD_NUMBER: _ClassVar[int]
    START_FRAME_FIELD_NUMBER: _ClassVar[int]
    END_FRAME_FIELD_NUMBER: _ClassVar[int]
    TIME_S_FIELD_NUMBER: _ClassVar[int]
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    reason: str
    start_frame: int
    end_frame: int
    time_s: float
    track_id: int
    score: float
    def __init__(self, reason: _Optional[str] = ..., start_frame: _Optional[int] = ..., end_frame: _Optional[int] = ..., time_s: _Optional[float] = ..., track_id: _Optional[int] = ..., score: _Optional[float] = ...) -> None: ...

class RedactionCoverage(_message.Message):
    __slots__ = ("frames", "fps", "detected_frames", "carried_frames", "uncovered_frames", "segments", "moments", "moments_total")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    DETECTED_FRAMES_FIELD_NUMBER: _ClassVar[int]
    CARRIED_FRAMES_FIELD_NUMBER: _ClassVar[int]
    UNCOVERED_FRAMES_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    MOMENTS_FIELD_NUMBER: _ClassVar[int]
    MOMENTS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    frames: int
    fps: float
    detected_frames: int
    carried_frames: int
    uncovered_frames: int
    segments: _containers.RepeatedCompositeFieldContainer[CoverageSegment]
    moments: _containers.RepeatedCompositeFieldContainer[CoverageMoment]
    moments_total: int
    def __init__(self, frames: _Optional[int] = ..., fps: _Optional[float] = ..., detected_frames: _Optional[int] = ..., carried_frames: _Optional[int] = ..., uncovered_frames: _Optional[int] = ..., segments: _Optional[_Iterable[_Union[CoverageSegment, _Mapping]]] = ..., moments: _Optional[_Iterable[_Union[CoverageMoment, _Mapping]]] = ..., moments_total: _Optional[int] = ...) -> None: ...

class GetC2paCertificateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class C2paCertificate(_message.Message):
    __slots__ = ("certificate_pem", "sha256")
    CERTIFICATE_PEM_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    certificate_pem: str
    sha256: str
    def __init__(self, certificate_pem: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

"""Media-pipeline data types: what analysis finds, what a render is asked to do, what it did.

Frozen pydantic models so job rows, API payloads and manifests can store them as JSON.
Boxes are `(x1, y1, x2, y2)` in pixels of the source frame; frame indices start at 0."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Box = tuple[float, float, float, float]
Point = tuple[float, float]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")


class MediaError(Exception):
    """The input is not media we can read (corrupt, truncated, or not video/image at all)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Cancelled(Exception):
    """The caller asked to stop; nothing was written."""


class MediaInfo(_Frozen):
    kind: Literal["video", "image"]
    # The picture as a player shows it (a phone video's display rotation applied): manual
    # masks are drawn on it. Track and mask boxes are in the coded frame's pixels.
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    has_audio: bool
    video_codec: str
    # Degrees counter-clockwise a player turns the coded frame (0 for photos and for jobs
    # analysed before it was kept): the preview moves track boxes onto the shown picture.
    rotation: Literal[0, 90, 180, 270] = 0


class Track(_Frozen):
    id: int
    kind: Literal["face", "plate"]
    boxes: dict[int, Box]
    score: float
    thumbnail_jpeg: bytes = b""
    # What the detector said, for the job's coverage (domain/coverage.py): the frames it found
    # this track on, with their scores, and the frames inside the track where it looked and
    # did not (tracking carried the box across). Not stored with the track rows.
    hits: dict[int, float] = {}
    misses: list[int] = []


class Analysis(_Frozen):
    media: MediaInfo
    tracks: list[Track]


class Keyframe(_Frozen):
    time_s: float
    points: list[Point]


class ManualMask(_Frozen):
    id: str
    shape: Literal["rect", "polygon"]
    keyframes: list[Keyframe] = Field(min_length=1)
    start_s: float
    end_s: float

    @model_validator(mode="after")
    def _check_points(self) -> ManualMask:
        need = 2 if self.shape == "rect" else 3
        for key in self.keyframes:
            if len(key.points) < need or (self.shape == "rect" and len(key.points) != 2):
                raise ValueError(f"a {self.shape} keyframe needs {need} points")
        if len({len(k.points) for k in self.keyframes}) != 1:
            raise ValueError("all keyframes of a mask need the same number of points")
        if self.end_s < self.start_s:
            raise ValueError("end_s is before start_s")
        return self


class AudioPlan(_Frozen):
    remove: bool = False
    mute_ranges: list[tuple[float, float]] = []
    bleep: bool = False


class RenderPlan(_Frozen):
    selection: Literal["all", "only", "all_but"] = "all"
    track_ids: list[int] = []
    manual_masks: list[ManualMask] = []
    style: Literal["blur", "pixelate", "fill"] = "blur"
    margin: float = Field(default=0.2, ge=0.0, le=2.0)
    audio: AudioPlan = AudioPlan()


class MaskRecord(_Frozen):
    kind: Literal["auto", "manual"]
    track_id: int | None = None
    manual_id: str | None = None
    frames: list[int]
    boxes: list[Box]


class RenderResult(_Frozen):
    frames: int
    masks: list[MaskRecord]
    sha256: str
    size: int
    media: MediaInfo


class Progress(_Frozen):
    step: Literal["analyse", "render"]
    frames_done: int
    frames_total: int
    fps: float

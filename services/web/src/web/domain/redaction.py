"""Redaction jobs as the API answers them, and the studio's review form read into the API's
review body: the tracks left visible, the masks drawn by hand (rows of fields the studio's
script adds), the mask style and what happens to the audio."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.datastructures import FormData

from web.domain.views import ApiModel

RUNNING = frozenset({"queued", "analysing", "rendering"})
STYLES = (("blur", "Blur"), ("pixelate", "Pixelate"), ("fill", "Solid fill"))
AUDIO_CHOICES = ("keep", "ranges", "remove")
STEPS = {"analyse": "Finding faces and plates", "render": "Rendering the redacted copy"}


class Progress(ApiModel):
    step: str | None = None
    percent: float = 0.0
    frames_done: int = 0
    frames_total: int = 0
    fps: float = 0.0


class JobMedia(ApiModel):
    kind: str
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    has_audio: bool


class Track(ApiModel):
    id: int
    kind: str
    score: float
    first_frame: int
    last_frame: int
    frame_count: int
    thumbnail_url: str | None = None

    @property
    def name(self) -> str:
        return f"{'Plate' if self.kind == 'plate' else 'Face'} {self.id}"


class Job(ApiModel):
    id: uuid.UUID
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    status: str
    reason: str | None = None
    progress: Progress = Progress()
    media: JobMedia | None = None
    tracks: list[Track] = []
    derived_evidence_id: uuid.UUID | None = None
    output_sha256: str | None = None
    created_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    def seconds(self, frame: int) -> float:
        """A frame's time in the media, in seconds."""
        fps = self.media.fps if self.media and self.media.fps > 0 else 0.0
        return round(frame / fps, 2) if fps else 0.0


class Jobs(ApiModel):
    items: list[Job]


class TrackBox(ApiModel):
    track_id: int
    frame: int
    x1: float
    y1: float
    x2: float
    y2: float


class TrackBoxes(ApiModel):
    """A page of detected boxes (pixels of the picture as shown), for the preview's outlines."""

    from_frame: int
    to_frame: int
    next_from_frame: int | None = None
    boxes: list[TrackBox] = []


def progress_summary(job: Job) -> str:
    """Words for the page's live region: the step and a coarse share of it (a quarter at a
    time, so a screen reader is not told every second)."""
    if not job.running:
        return f"The job is {job.status.replace('_', ' ')}."
    if job.status == "queued":
        return "Waiting for a worker."
    step = STEPS.get(job.progress.step or "", "Working")
    return f"{step}: about {int(job.progress.percent // 25) * 25}% done."


def sse_event(name: str, data: str) -> str:
    """One Server-Sent Event; every line of ``data`` is a data line."""
    return (
        f"event: {name}\n" + "".join(f"data: {line}\n" for line in data.splitlines() or [""]) + "\n"
    )


class FormProblem(ValueError):
    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id, self.message = field_id, message


@dataclass
class Review:
    """What the reviewer chose, as typed (so a refused form shows it again)."""

    visible: set[int] = field(default_factory=set)  # track ids left unmasked
    style: str = "blur"
    audio: str = "keep"
    bleep: bool = False
    ranges: list[tuple[str, str]] = field(default_factory=list)
    masks: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, form: FormData, track_ids: list[int]) -> Review:
        masked = {int(str(v)) for v in form.getlist("mask") if str(v).isdigit()}
        starts, ends = form.getlist("mute_start"), form.getlist("mute_end")
        return cls(
            visible={t for t in track_ids if t not in masked},
            style=str(form.get("style") or "blur"),
            audio=str(form.get("audio") or "keep"),
            bleep=form.get("bleep") == "yes",
            ranges=[(str(a), str(b)) for a, b in zip(starts, ends, strict=False)],
            masks=_typed_masks(form),
        )

    def body(self) -> dict[str, Any]:
        """The API's review body; FormProblem names the field that is not a number."""
        audio: dict[str, Any] = {"remove": self.audio == "remove", "bleep": self.bleep}
        if self.audio == "ranges":
            audio["mute_ranges"] = [
                [_number(a, "mute-ranges"), _number(b, "mute-ranges")] for a, b in self.ranges
            ]
        return {
            "selection": "all_but" if self.visible else "all",
            "track_ids": sorted(self.visible),
            "style": self.style if self.style in dict(STYLES) else "blur",
            "manual_masks": [_mask_body(m) for m in self.masks],
            "audio": audio,
        }


def _typed_masks(form: FormData) -> list[dict[str, Any]]:
    """Mask rows (`mask_id`, `mask_shape`, `mask_start`, `mask_end`) and keyframe rows
    (`kf_mask` naming its mask's row index, `kf_time`, `kf_points` as "x,y x,y ...")."""
    masks: list[dict[str, Any]] = [
        {"id": str(i), "shape": str(s), "start": str(a), "end": str(b), "keyframes": []}
        for i, s, a, b in zip(
            form.getlist("mask_id"),
            form.getlist("mask_shape"),
            form.getlist("mask_start"),
            form.getlist("mask_end"),
            strict=False,
        )
    ]
    rows = zip(
        form.getlist("kf_mask"), form.getlist("kf_time"), form.getlist("kf_points"), strict=False
    )
    for owner, time_s, points in rows:
        index = int(str(owner)) if str(owner).isdigit() else -1
        if 0 <= index < len(masks):
            masks[index]["keyframes"].append({"time": str(time_s), "points": str(points)})
    return masks


def _mask_body(mask: dict[str, Any]) -> dict[str, Any]:
    name = mask["id"].strip()
    return {
        "id": name,
        "shape": mask["shape"] if mask["shape"] in ("rect", "polygon") else "rect",
        "start_s": _number(mask["start"], "manual-masks"),
        "end_s": _number(mask["end"], "manual-masks"),
        "keyframes": [
            {"time_s": _number(k["time"], "manual-masks"), "points": _points(k["points"], name)}
            for k in mask["keyframes"]
        ],
    }


def _number(typed: str, field_id: str) -> float:
    try:
        value = float(typed)
    except ValueError:
        raise FormProblem(field_id, f"Enter a number of seconds, not “{typed}”") from None
    if value < 0 or value != value:  # negative or NaN
        raise FormProblem(field_id, "Times and positions are zero or more")
    return value


def _points(typed: str, name: str) -> list[list[float]]:
    """ "10,20 30,40" as [[10, 20], [30, 40]]."""
    try:
        pairs = [p.split(",") for p in typed.replace(";", " ").split()]
        points = [[float(x), float(y)] for x, y in pairs]
    except ValueError:
        raise FormProblem("manual-masks", f"Mask {name}: points are x,y pairs") from None
    if not points or any(min(p) < 0 for p in points):
        raise FormProblem("manual-masks", f"Mask {name}: points are x,y pairs of zero or more")
    return points

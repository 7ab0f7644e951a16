"""The evidence player's page: an item as the API answers it for one reader (what it is, where
it came from, whether its bytes were verified and whether the reader may download it), its
comments at a time code, and the side-by-side view of a case's videos on one clock."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from web.domain.case_views import SOURCES
from web.domain.views import ApiModel

DEFAULT_FRAME_SECONDS = 1 / 30  # one frame step when the item's frame rate is not known
SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)
MULTIVIEW_MIN, MULTIVIEW_MAX = 2, 4
MAX_TIME_CODE = 31 * 24 * 3600.0  # as the API allows
_TIME_CODE = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d+)?)$")


class PlayerMedia(ApiModel):
    duration_seconds: float = 0.0
    video_codec: str = ""
    audio_codec: str = ""
    container: str = ""
    width: int = 0
    height: int = 0
    has_audio: bool = False
    frame_rate: float | None = None  # None (a photo, audio, an older item): steps of 1/30 s


class PlayerItem(ApiModel):
    id: uuid.UUID
    case_id: uuid.UUID
    case_ids: list[uuid.UUID] = []
    org_id: uuid.UUID
    filename: str
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    source: str = ""
    permission: str = "view"
    request_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    device_id: uuid.UUID | None = None
    camera_name: str | None = None
    channel: int | None = None
    created_at: datetime | None = None
    capture_start: datetime | None = None
    capture_end: datetime | None = None
    uploaded_by: str = ""
    contributor_name: str | None = None
    description: str = ""
    tags: list[str] = []
    categories: list[str] = []
    processing: str = ""
    media: PlayerMedia | None = None
    legal_hold: bool = False
    verified_at: datetime | None = None

    @property
    def kind(self) -> str:
        """video, photo, audio or file: which player the page shows."""
        major = self.content_type.partition("/")[0].lower()
        return {"video": "video", "image": "photo", "audio": "audio"}.get(major, "file")

    @property
    def kind_label(self) -> str:
        return {"video": "Video", "photo": "Photo", "audio": "Audio"}.get(self.kind, "File")

    @property
    def may_download(self) -> bool:
        return self.permission == "download"

    @property
    def source_label(self) -> str:
        if self.request_id is not None and self.camera_id is not None:
            return "Registry camera (requested)"
        if self.camera_id is not None:
            return "Registry camera"
        return SOURCES.get(self.source, self.source.capitalize() or "Unknown")

    @property
    def duration(self) -> str:
        seconds = self.media.duration_seconds if self.media else 0.0
        return time_code(seconds, fraction=False) if seconds > 0 else ""

    @property
    def frame_seconds(self) -> float:
        rate = self.media.frame_rate if self.media else None
        return 1 / rate if rate else DEFAULT_FRAME_SECONDS

    @property
    def frame_rate_label(self) -> str:
        """`29.97 frames a second`, or empty when the API does not know it."""
        rate = self.media.frame_rate if self.media else None
        return f"{rate:.3f}".rstrip("0").rstrip(".") + " frames a second" if rate else ""

    @property
    def capture_start_ms(self) -> int | None:
        """The capture start for the page's script (milliseconds since the epoch)."""
        return round(self.capture_start.timestamp() * 1000) if self.capture_start else None


class PlayerItems(ApiModel):
    items: list[PlayerItem]


class PlayerComment(ApiModel):
    id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime | None = None
    at_s: float | None = None

    @property
    def time_code(self) -> str:
        return time_code(self.at_s) if self.at_s is not None else ""


class PlayerComments(ApiModel):
    items: list[PlayerComment]


def time_code(seconds: float, *, fraction: bool = True) -> str:
    """`1:05.2`, `1:02:05.0` (or without tenths): minutes and seconds into a recording."""
    tenths = round(seconds * 10) if fraction else round(seconds) * 10
    whole, tenth = divmod(tenths, 10)
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
    return f"{text}.{tenth}" if fraction else text


def parse_time_code(text: str) -> float | None:
    """Seconds from `75`, `1:15`, `1:15.5` or `1:01:15`; None for nothing typed.
    ValueError for anything else, or a time beyond what a recording may last."""
    text = text.strip()
    if not text:
        return None
    match = _TIME_CODE.match(text)
    if match is None:
        raise ValueError("Enter the time as minutes:seconds, for example 1:05.5")
    hours, minutes, seconds = match.groups()
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)
    if (minutes is not None and float(seconds) >= 60) or not math.isfinite(total):
        raise ValueError("Enter the time as minutes:seconds, for example 1:05.5")
    if total > MAX_TIME_CODE:
        raise ValueError("The time is longer than any recording")
    return total


@dataclass(frozen=True)
class Lane:
    """One video of the side-by-side view and when it starts on the shared clock."""

    item: PlayerItem
    offset_s: float  # seconds after the earliest capture start

    @property
    def starts_at(self) -> str:
        start = self.item.capture_start
        return start.strftime("%H:%M:%S UTC") if start else ""


def multiview_lanes(items: list[PlayerItem]) -> list[Lane]:
    """The videos on one clock: each offset by its capture start from the earliest; an item
    with no capture start starts with the earliest."""
    starts = [i.capture_start for i in items if i.capture_start is not None]
    origin = min(starts) if starts else None
    return [
        Lane(i, (i.capture_start - origin).total_seconds() if i.capture_start and origin else 0.0)
        for i in items
    ]


def multiview_problem(ids: list[str]) -> str | None:
    """Why this selection cannot be played side by side, or None."""
    if not MULTIVIEW_MIN <= len(set(ids)) <= MULTIVIEW_MAX:
        return f"Choose {MULTIVIEW_MIN} to {MULTIVIEW_MAX} videos to play side by side."
    return None

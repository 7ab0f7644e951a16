"""Media facts as stored with an item: what PyAV found in the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

VIDEO_TYPES = ("video/",)
THUMBNAIL_WIDTH = 320


@dataclass(frozen=True)
class MediaFacts:
    container: str = ""
    duration_seconds: float = 0.0
    video_codec: str = ""
    width: int = 0
    height: int = 0
    has_audio: bool = False
    audio_codec: str = ""
    frame_rate: float | None = None  # average frames per second; None for photos and audio

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> MediaFacts:
        return cls(**{k: v for k, v in (raw or {}).items() if k in cls.__dataclass_fields__})


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    if width <= THUMBNAIL_WIDTH:
        return width, height
    return THUMBNAIL_WIDTH, max(1, round(height * THUMBNAIL_WIDTH / width))

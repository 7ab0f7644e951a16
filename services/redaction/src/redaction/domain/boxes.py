"""A page of detected boxes for the review's preview: each track's box on each frame of a
window, moved from the coded frame's pixels (where tracks live) to the picture as a player
shows it (where the reviewer looks and draws), and cut short rather than pass `max_boxes`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from redaction.domain.media import Box, MediaInfo

MAX_FRAMES = 1000  # frames a page may ask for
MAX_FRAME = 1 << 40  # a frame index beyond any video (keeps every sum inside int64)
MAX_BOXES = 5000  # boxes a page may hold (one frame's boxes always fit, however many)


@dataclass(frozen=True)
class TrackBoxes:
    """One track's stored boxes: frame index (as text, as JSON keys are) -> [x1, y1, x2, y2]."""

    track_id: int
    boxes: Mapping[str, Any]


@dataclass(frozen=True)
class FrameBox:
    track_id: int
    frame: int
    box: Box


@dataclass(frozen=True)
class BoxPage:
    from_frame: int
    to_frame: int  # the first frame after the page
    more: bool  # some track has a box at or after to_frame
    boxes: list[FrameBox]


def page(
    tracks: Iterable[TrackBoxes],
    media: MediaInfo,
    from_frame: int,
    frames: int,
    *,
    later: bool,
    max_boxes: int = MAX_BOXES,
) -> BoxPage:
    """The boxes of `tracks` (those on screen in the window) frame by frame; `later`: some
    track has boxes after the window."""
    ordered = sorted(tracks, key=lambda t: t.track_id)
    found: list[FrameBox] = []
    for frame in range(from_frame, from_frame + frames):
        here = [
            FrameBox(t.track_id, frame, shown(t.boxes[str(frame)], media))
            for t in ordered
            if str(frame) in t.boxes
        ]
        if found and len(found) + len(here) > max_boxes:
            return BoxPage(from_frame, frame, True, found)
        found += here
    return BoxPage(from_frame, from_frame + frames, later, found)


def shown(box: Any, media: MediaInfo) -> Box:
    """A coded-frame box as it lies on the displayed picture (`media` is its displayed size,
    turned `rotation` degrees counter-clockwise from the coded frame)."""
    x1, y1, x2, y2 = (float(v) for v in box)
    turn = media.rotation
    if turn == 90:  # coded width is the displayed height
        x1, y1, x2, y2 = y1, media.height - x2, y2, media.height - x1
    elif turn == 180:
        x1, y1, x2, y2 = media.width - x2, media.height - y2, media.width - x1, media.height - y1
    elif turn == 270:  # coded height is the displayed width
        x1, y1, x2, y2 = media.width - y2, x1, media.width - y1, x2
    return (x1, y1, x2, y2)

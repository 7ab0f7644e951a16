"""Pages of detected boxes: frame by frame, cut short at the box limit but never empty, and
moved from the coded frame onto the picture as a player shows it."""

from __future__ import annotations

import numpy as np
import pytest
from redaction.domain.boxes import TrackBoxes, page, shown
from redaction.domain.media import MediaInfo
from redaction.pipeline.orientation import display_size, to_coded

pytestmark = pytest.mark.unit


def _media(width: int, height: int, rotation: int = 0) -> MediaInfo:
    return MediaInfo(
        kind="video", width=width, height=height, fps=30.0, frame_count=90, duration_s=3.0,
        has_audio=False, video_codec="h264", rotation=rotation,
    )  # fmt: skip


def _track(track_id: int, frames: range) -> TrackBoxes:
    return TrackBoxes(track_id, {str(f): [f, 0, f + 10, 10] for f in frames})


def test_a_page_lists_each_frames_boxes_by_track() -> None:
    found = page([_track(2, range(0, 5)), _track(1, range(3, 9))], _media(64, 48), 2, 4, later=True)
    assert (found.from_frame, found.to_frame, found.more) == (2, 6, True)
    assert [(b.frame, b.track_id) for b in found.boxes] == [
        (2, 2), (3, 1), (3, 2), (4, 1), (4, 2), (5, 1),
    ]  # fmt: skip
    assert found.boxes[0].box == (2.0, 0.0, 12.0, 10.0)


def test_a_full_page_stops_before_the_frame_that_would_pass_the_limit() -> None:
    tracks = [_track(t, range(0, 10)) for t in (1, 2, 3)]
    found = page(tracks, _media(64, 48), 0, 10, later=False, max_boxes=7)
    assert (found.to_frame, found.more, len(found.boxes)) == (2, True, 6)
    crowded = page(tracks, _media(64, 48), 4, 10, later=False, max_boxes=2)
    assert (crowded.to_frame, len(crowded.boxes)) == (5, 3)  # one frame always fits


def test_the_last_page_says_no_more() -> None:
    found = page([_track(1, range(0, 3))], _media(64, 48), 0, 100, later=False)
    assert (found.to_frame, found.more, len(found.boxes)) == (100, False, 3)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_boxes_are_turned_as_the_player_turns_the_picture(rotation: int) -> None:
    """The inverse of `to_coded`, which the renderer uses for shapes drawn on the picture."""
    width, height = display_size(320, 240, rotation)  # a 320x240 coded frame
    drawn = np.array([[40, 30], [100, 70]], np.float32)  # corners on the shown picture
    coded = to_coded(drawn, rotation, 320, 240)
    box = (*coded.min(axis=0), *coded.max(axis=0))
    assert shown(box, _media(width, height, rotation)) == pytest.approx((40, 30, 100, 70))

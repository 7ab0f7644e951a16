"""A job's coverage from hand-made analyses: which frames the detector vouches for, which
tracking carried, where nothing is known, and the moments a reviewer should look at."""

from __future__ import annotations

from typing import Literal

import pytest
from redaction.domain.coverage import MAX_MOMENTS, coverage
from redaction.domain.media import Analysis, Box, MediaInfo, Track

pytestmark = pytest.mark.unit

MIDDLE: Box = (40.0, 30.0, 60.0, 50.0)  # well inside a 100 x 80 picture
AT_EDGE: Box = (90.0, 30.0, 100.0, 50.0)


def _analysis(*tracks: Track, frames: int = 100, rotation: int = 0) -> Analysis:
    media = MediaInfo(
        kind="video", width=100, height=80, fps=10.0, frame_count=frames, duration_s=frames / 10,
        has_audio=False, video_codec="h264", rotation=rotation,
    )  # fmt: skip
    return Analysis(media=media, tracks=list(tracks))


def _track(
    track_id: int,
    frames: range,
    hits: dict[int, float],
    misses: tuple[int, ...] = (),
    box: Box = MIDDLE,
    kind: Literal["face", "plate"] = "face",
) -> Track:
    return Track(
        id=track_id,
        kind=kind,
        boxes=dict.fromkeys(frames, box),
        score=max(hits.values()),
        hits=hits,
        misses=list(misses),
    )


def _segments(found: object) -> list[tuple[int, int, str]]:
    return [(s.start_frame, s.end_frame, s.state) for s in found.segments]  # type: ignore[attr-defined]


def test_a_clip_with_no_faces_is_uncovered_and_asks_for_nothing() -> None:
    found = coverage(_analysis())
    assert (found.detected_frames, found.carried_frames, found.uncovered_frames) == (0, 0, 100)
    assert _segments(found) == [(0, 99, "none")]
    assert (found.moments, found.moments_total) == ([], 0)


def test_frames_between_agreeing_detections_are_detected_and_held_ends_carried() -> None:
    # Detector runs every 12 frames: found at 12, 24 and 36; the box is held from the run
    # before (0) to the run after (48), the way analysis fills a track.
    found = coverage(_analysis(_track(1, range(1, 48), {12: 0.9, 24: 0.8, 36: 0.9})))
    assert _segments(found) == [
        (0, 0, "none"), (1, 11, "carried"), (12, 36, "detected"), (37, 47, "carried"),
        (48, 99, "none"),
    ]  # fmt: skip
    assert (found.detected_frames, found.carried_frames, found.uncovered_frames) == (25, 22, 53)
    abrupt = [m for m in found.moments if m.reason == "abrupt_end"]
    assert [(m.start_frame, m.track_id, m.time_s) for m in abrupt] == [(36, 1, 3.6)]


def test_a_detector_gap_carried_by_tracking_is_carried_and_named() -> None:
    # The detector looked at 24 and 30 and missed the face; tracking bridged 12 to 36.
    track = _track(1, range(12, 100), {12: 0.9, 36: 0.7, 99: 0.9}, misses=(24, 30))
    found = coverage(_analysis(track))
    assert _segments(found) == [
        (0, 11, "none"), (12, 12, "detected"), (13, 35, "carried"), (36, 99, "detected"),
    ]  # fmt: skip
    [missed] = found.moments
    assert (missed.reason, missed.start_frame, missed.end_frame) == ("missed", 13, 35)
    assert (missed.track_id, missed.score) == (1, 0.7)


def test_a_frame_takes_its_worst_track_carried_over_detected() -> None:
    steady = _track(1, range(0, 100), {0: 0.9, 50: 0.9, 99: 0.9})
    bridged = _track(2, range(40, 100), {40: 0.9, 60: 0.9, 99: 0.9}, misses=(50,))
    found = coverage(_analysis(steady, bridged))
    assert _segments(found) == [(0, 40, "detected"), (41, 59, "carried"), (60, 99, "detected")]


def test_a_low_confidence_run_is_one_moment_with_its_lowest_score() -> None:
    # The weakest track sets a frame's confidence, however sure the detector is of another.
    strong = _track(1, range(0, 100), {0: 0.95, 99: 0.95})
    weak = _track(2, range(20, 100), {20: 0.9, 30: 0.4, 40: 0.45, 50: 0.9, 99: 0.9})
    found = coverage(_analysis(strong, weak))
    [low] = found.moments
    assert (low.reason, low.start_frame, low.end_frame) == ("low_confidence", 21, 49)
    assert (low.track_id, low.score, low.time_s) == (None, 0.4, 2.1)


def test_a_track_leaving_at_the_edge_lasting_to_the_end_or_fading_does_not_end_abruptly() -> None:
    at_edge = _track(1, range(0, 30), {0: 0.9, 24: 0.9}, box=AT_EDGE)
    to_the_end = _track(2, range(0, 100), {0: 0.9, 96: 0.9})
    fading = _track(3, range(0, 60), {0: 0.9, 24: 0.6, 48: 0.4})
    found = coverage(_analysis(at_edge, to_the_end, fading))
    assert not [m for m in found.moments if m.reason == "abrupt_end"]


def test_the_edge_is_the_coded_frames_for_a_turned_video() -> None:
    # Shown 100 x 80 turned a quarter: coded 80 wide, so x 60..78 touches the coded edge.
    track = _track(1, range(0, 30), {0: 0.9, 24: 0.9}, box=(60.0, 30.0, 78.0, 50.0))
    found = coverage(_analysis(track, rotation=90))
    assert not found.moments
    upright = coverage(_analysis(track))
    assert [m.reason for m in upright.moments] == ["abrupt_end"]


def test_moments_are_bounded_keep_abrupt_ends_first_and_read_in_time_order() -> None:
    flicker = {f: (0.4 if f % 4 else 0.9) for f in range(0, 2000, 2)}
    tracks = [_track(1, range(0, 2000), flicker)]
    tracks += [_track(t, range(t * 10, t * 10 + 5), {t * 10: 0.9}) for t in range(2, 12)]
    found = coverage(_analysis(*tracks, frames=2000))
    assert len(found.moments) == MAX_MOMENTS < found.moments_total
    assert sum(m.reason == "abrupt_end" for m in found.moments) == 10
    assert [m.start_frame for m in found.moments] == sorted(m.start_frame for m in found.moments)


def test_tracks_analysed_before_coverage_was_kept_count_as_unknown() -> None:
    old = Track(id=1, kind="face", boxes={0: MIDDLE, 1: MIDDLE}, score=0.9)
    assert _segments(coverage(_analysis(old, frames=2))) == [(0, 1, "none")]


def test_a_plate_counts_in_the_states_but_its_text_score_is_no_confidence() -> None:
    # The plate finder's scores are not the face detector's: a 0.3 plate is not a weak face,
    # and a plate left behind mid-picture is not a face that turned away.
    plate = _track(1, range(0, 30), {0: 0.3, 12: 0.3, 24: 0.3}, kind="plate")
    found = coverage(_analysis(plate))
    assert _segments(found) == [(0, 24, "detected"), (25, 29, "carried"), (30, 99, "none")]
    assert found.moments == []

"""A video job's coverage: what the reviewer should check before trusting the automatic masks.

Every frame is in one state:
- `detected`: every track on it was found by the detector there, or lies between two
  neighbouring detector runs that both found it (its box is interpolated between two
  sightings, and the detector looked nowhere in between);
- `carried`: some track on it is held there by tracking alone: before its first or after its
  last detection (the box held still), or across detector runs that did not find it;
- `none`: no track has a box (no face or plate known).

A track's confidence on a frame is its detector score there, or the lower of the scores of
the detections either side (the nearer one where the box is held). A frame's confidence is
that of its weakest face: one weakly held face is enough to leak, whatever the others are
(plates count in the states; their text scores are on another scale).
Runs under `LOW` (the analysis's "confident": weaker detections come and go) are stretches
to check. A track ends abruptly when it is lost while the detector was still sure of it
(last score at least `LOW`), away from the picture's edge (it did not walk out) and before
the clip's end: a face that turns away or is covered may still be there, unmasked.

The result is run-length segments and a bounded list of moments, so an hour stays small."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from redaction.domain.media import Analysis, MediaInfo, Track

State = Literal["none", "detected", "carried"]
Reason = Literal["abrupt_end", "missed", "low_confidence"]
STATES: tuple[State, ...] = ("none", "detected", "carried")  # index = strength in a frame
DETECTED, CARRIED = 1, 2
LOW = 0.5
EDGE = 0.05  # a last box within this share of the picture's size from an edge left the frame
MAX_MOMENTS = 100
COVERAGE_KEY = "coverage"  # where a job keeps its coverage in its media document


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Segment(_Frozen):
    start_frame: int
    end_frame: int  # inclusive
    state: State


class Moment(_Frozen):
    reason: Reason
    start_frame: int
    end_frame: int  # inclusive; the start for an abrupt end
    time_s: float
    track_id: int | None  # None for a low-confidence stretch (the weakest of several tracks)
    score: float  # the lowest confidence of the stretch, or the track's last score


class Coverage(_Frozen):
    frames: int
    fps: float
    detected_frames: int
    carried_frames: int
    uncovered_frames: int
    segments: list[Segment]
    moments: list[Moment]  # the MAX_MOMENTS most worth a look, in time order
    moments_total: int


def coverage(analysis: Analysis) -> Coverage:
    media = analysis.media
    frames = media.frame_count
    state = np.zeros(frames, np.int8)
    confidence = np.full(frames, np.inf)
    moments: list[Moment] = []
    fps = media.fps or 30.0
    for track in analysis.tracks:
        if not track.hits:
            continue
        # Scores are the face detector's; the plate finder's text scores mean something else.
        _paint(track, state, confidence if track.kind == "face" else None)
        moments += _missed(track, fps)
        if track.kind == "face" and _abrupt(track, analysis):
            last = max(track.hits)
            moments.append(
                Moment(
                    reason="abrupt_end",
                    start_frame=last,
                    end_frame=last,
                    time_s=last / fps,
                    track_id=track.id,
                    score=track.hits[last],
                )
            )
    moments += _low(confidence, fps)
    counts = np.bincount(state, minlength=3)
    chosen = sorted(moments, key=_priority)[:MAX_MOMENTS]
    return Coverage(
        frames=frames,
        fps=media.fps,
        uncovered_frames=int(counts[0]),
        detected_frames=int(counts[1]),
        carried_frames=int(counts[2]),
        segments=[Segment(start_frame=a, end_frame=b, state=STATES[s]) for a, b, s in _runs(state)],
        moments=sorted(chosen, key=lambda m: (m.start_frame, m.reason)),
        moments_total=len(moments),
    )


def _paint(track: Track, state: np.ndarray, confidence: np.ndarray | None) -> None:
    """Marks the track's frames: its state there and (unless None) its confidence, where they
    are worse than what other tracks left."""
    hits = sorted(track.hits)

    def mark(start: int, end: int, strength: int, score: float) -> None:
        state[start : end + 1] = np.maximum(state[start : end + 1], strength)
        if confidence is not None:
            confidence[start : end + 1] = np.minimum(confidence[start : end + 1], score)

    mark(min(track.boxes), hits[0] - 1, CARRIED, track.hits[hits[0]])  # held before
    mark(hits[-1] + 1, max(track.boxes), CARRIED, track.hits[hits[-1]])  # held after
    for (a, b), lost in zip(pairwise(hits), _lost(track), strict=True):
        mark(a + 1, b - 1, CARRIED if lost else DETECTED, min(track.hits[a], track.hits[b]))
    found = np.array(hits)
    state[found] = np.maximum(state[found], DETECTED)
    if confidence is not None:
        confidence[found] = np.minimum(confidence[found], [track.hits[f] for f in hits])


def _missed(track: Track, fps: float) -> list[Moment]:
    """Each stretch tracking carried the track across detector runs that did not find it."""
    hits = sorted(track.hits)
    return [
        Moment(
            reason="missed",
            start_frame=a + 1,
            end_frame=b - 1,
            time_s=(a + 1) / fps,
            track_id=track.id,
            score=min(track.hits[a], track.hits[b]),
        )
        for (a, b), lost in zip(pairwise(hits), _lost(track), strict=True)
        if lost
    ]


def _lost(track: Track) -> list[bool]:
    """For each pair of neighbouring hits: did the detector look between them and miss?"""
    hits, misses = sorted(track.hits), sorted(track.misses)
    after = np.searchsorted(misses, hits[:-1], side="right")  # first miss after each hit
    before = np.searchsorted(misses, hits[1:], side="left")  # first miss at or after the next
    return (after < before).tolist()


def _abrupt(track: Track, analysis: Analysis) -> bool:
    last = max(track.hits)
    if track.hits[last] < LOW or max(track.boxes) >= analysis.media.frame_count - 1:
        return False
    width, height = _coded_size(analysis.media)
    x1, y1, x2, y2 = track.boxes[last]
    dx, dy = EDGE * width, EDGE * height
    return x1 > dx and y1 > dy and x2 < width - dx and y2 < height - dy


def _coded_size(media: MediaInfo) -> tuple[int, int]:
    """Tracks are in the coded frame's pixels; media gives the picture as shown."""
    if media.rotation in (90, 270):
        return media.height, media.width
    return media.width, media.height


def _low(confidence: np.ndarray, fps: float) -> list[Moment]:
    low = (confidence < LOW).astype(np.int8)
    return [
        Moment(
            reason="low_confidence",
            start_frame=a,
            end_frame=b,
            time_s=a / fps,
            track_id=None,
            score=float(confidence[a : b + 1].min()),
        )
        for a, b, weak in _runs(low)
        if weak
    ]


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(first, last index, value) of each run of equal values."""
    if not len(values):
        return []
    edges = np.flatnonzero(np.diff(values)) + 1
    starts = np.concatenate(([0], edges))
    ends = np.concatenate((edges - 1, [len(values) - 1]))
    return [(int(a), int(b), int(values[a])) for a, b in zip(starts, ends, strict=True)]


def _priority(moment: Moment) -> tuple[int, float]:
    """Abrupt ends first, then missed detections, then low confidence; lowest score first."""
    order = {"abrupt_end": 0, "missed": 1, "low_confidence": 2}
    return order[moment.reason], moment.score


def stored_coverage(media: dict[str, Any] | None) -> Coverage | None:
    """A job's coverage from its media document; None before analysis ends, for a photo, and
    for a job analysed before coverage was kept."""
    raw = (media or {}).get(COVERAGE_KEY)
    return None if raw is None else Coverage.model_validate(raw)

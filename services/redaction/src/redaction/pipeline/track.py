"""Turn linked detections into tracks and fill the frames between detections.

Analysis sees the whole clip, so tracking is offline. Detections on consecutive detected
frames arrive already paired (by `match`, after motion prediction). A detection without a
partner may still continue a track that went unseen on the last detected frame or two (a
missed detection). Boxes are interpolated linearly between the frames a track was seen on,
and held over the undetected frames just before its first and after its last detection
(widened along the track's motion), so a face is covered from the frame it appears."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

from redaction.domain.media import Box
from redaction.pipeline.centerface import Boxes

Ref = tuple[int, int]  # (frame, detection index)
BRIDGE = 2  # detected frames a track may go unseen and still continue
REACH = 6  # frames a track's motion is carried on beyond its first and last detection


@dataclass
class RawTrack:
    seen: dict[int, Box] = field(default_factory=dict)
    scores: list[float] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)

    @property
    def last(self) -> int:
        return self.refs[-1][0]


def similar(a: Box, b: Box) -> float:
    """Box distance: centre offset over size plus size change; under 1 is the same face."""
    wa, ha, wb, hb = a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1]
    size = max(wa, ha, wb, hb, 1.0)
    dx = (a[0] + a[2] - b[0] - b[2]) / 2
    dy = (a[1] + a[3] - b[1] - b[3]) / 2
    ratio = max(wa * ha, 1.0) / max(wb * hb, 1.0)
    return float(np.hypot(dx, dy) / (0.6 * size) + abs(np.log(ratio)) / np.log(2.5))


def _box(row: np.ndarray) -> Box:
    return (float(row[0]), float(row[1]), float(row[2]), float(row[3]))


def match(predicted: Boxes, found: Boxes) -> dict[int, int]:
    """Greedy one-to-one pairing, closest first: found index -> predicted index."""
    pairs = sorted(
        (similar(_box(p), _box(f)), i, j)
        for i, p in enumerate(predicted)
        for j, f in enumerate(found)
    )
    result: dict[int, int] = {}
    used: set[int] = set()
    for cost, i, j in pairs:
        if cost < 1.0 and i not in used and j not in result:
            used.add(i)
            result[j] = i
    return result


def chain(detections: dict[int, Boxes], links: dict[Ref, Ref]) -> list[RawTrack]:
    tracks: list[RawTrack] = []
    owner: dict[Ref, RawTrack] = {}
    order = sorted(detections)
    for step, frame in enumerate(order):
        recent = set(order[max(0, step - 1 - BRIDGE) : step])
        for d, row in enumerate(detections[frame]):
            box = _box(row)
            track = owner.get(links.get((frame, d), (-1, -1)))
            if track is None or track.last == frame:
                track = _bridge(tracks, recent, frame, box)
            if track is None:
                track = RawTrack()
                tracks.append(track)
            track.seen[frame] = box
            track.scores.append(float(row[4]))
            track.refs.append((frame, d))
            owner[(frame, d)] = track
    return tracks


def _bridge(tracks: list[RawTrack], recent: set[int], frame: int, box: Box) -> RawTrack | None:
    candidates = [
        (similar(t.seen[t.last], box), n)
        for n, t in enumerate(tracks)
        if t.last in recent and t.last != frame
    ]
    best = min(candidates, default=(2.0, -1))
    return tracks[best[1]] if best[0] < 1.0 else None


def fill(track: RawTrack, detected: list[int], last_frame: int) -> dict[int, Box]:
    """Boxes for every frame the track covers: interpolated inside, held at both ends."""
    frames = sorted(track.seen)
    first, last = frames[0], frames[-1]
    before = [f for f in detected if f < first]
    after = [f for f in detected if f > last]
    start = before[-1] + 1 if before else 0
    end = after[0] - 1 if after else last_frame
    keys = np.array(frames, dtype=np.float64)
    coords = np.array([track.seen[f] for f in frames], dtype=np.float64)
    span = np.arange(start, end + 1, dtype=np.float64)
    filled = np.stack([np.interp(span, keys, coords[:, i]) for i in range(4)], axis=1)
    if len(frames) > 1:
        _reach(filled, span, keys[:2], coords[:2], span < first)
        _reach(filled, span, keys[-2:], coords[-2:], span > last)
    return {int(f): (b[0], b[1], b[2], b[3]) for f, b in zip(span, filled.tolist(), strict=True)}


def _reach(
    filled: np.ndarray, span: np.ndarray, keys: np.ndarray, coords: np.ndarray, held: np.ndarray
) -> None:
    """Widen the boxes held beyond a track's end (`held`) to also cover where the face goes
    if it keeps the motion of its two nearest detections (for at most `REACH` frames): a
    face found a few frames after it appeared was already moving."""
    if not held.any():
        return
    end = 0 if held[0] else 1  # the held frames lie before keys[0] or after keys[1]
    velocity = (coords[1] - coords[0]) / (keys[1] - keys[0])
    steps = np.clip(span[held] - keys[end], -REACH, REACH)[:, None]
    moved = coords[end] + velocity * steps
    filled[held, :2] = np.minimum(filled[held, :2], moved[:, :2])
    filled[held, 2:] = np.maximum(filled[held, 2:], moved[:, 2:])


def hits(track: RawTrack) -> dict[int, float]:
    """The detector's score on each frame it found the track on."""
    return {frame: score for (frame, _), score in zip(track.refs, track.scores, strict=True)}


def misses(track: RawTrack, detected: list[int]) -> list[int]:
    """Frames inside the track where the detector looked and did not find it (`detected`:
    the frames it looked at, sorted)."""
    inside = detected[bisect_right(detected, track.refs[0][0]) : bisect_right(detected, track.last)]
    return [f for f in inside if f not in track.seen]

"""Which shapes to mask on each frame: selected tracks (grown by the margin) and manual masks
(keyframes interpolated linearly in time, drawn on the displayed picture, moved to the coded
frame), with a manifest record for every mask (coded-frame pixels)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import numpy as np

from redaction.domain.media import (
    Analysis,
    Box,
    ManualMask,
    MaskRecord,
    Point,
    RenderPlan,
    Track,
)
from redaction.pipeline.masks import Shape, clip, grow
from redaction.pipeline.orientation import display_size, to_coded


def selected(analysis: Analysis, plan: RenderPlan) -> list[Track]:
    chosen = set(plan.track_ids)
    if plan.selection == "only":
        return [t for t in analysis.tracks if t.id in chosen]
    if plan.selection == "all_but":
        return [t for t in analysis.tracks if t.id not in chosen]
    return list(analysis.tracks)


def points_at(mask: ManualMask, time_s: float) -> list[Point] | None:
    """The mask's outline at `time_s`, or None outside its time range."""
    if not mask.start_s <= time_s <= mask.end_s:
        return None
    keys = sorted(mask.keyframes, key=lambda k: k.time_s)
    after = bisect_right([k.time_s for k in keys], time_s)
    if after == 0:
        return list(keys[0].points)
    if after == len(keys):
        return list(keys[-1].points)
    a, b = keys[after - 1], keys[after]
    t = (time_s - a.time_s) / (b.time_s - a.time_s) if b.time_s > a.time_s else 0.0
    return [
        (pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t)
        for pa, pb in zip(a.points, b.points, strict=True)
    ]


class Schedule:
    """Shapes in the coded frame's pixels, for a video a player turns by `rotation` degrees
    counter-clockwise (media width and height are the turned, displayed size)."""

    def __init__(self, analysis: Analysis, plan: RenderPlan, rotation: int = 0) -> None:
        self._width, self._height = display_size(
            analysis.media.width, analysis.media.height, rotation
        )
        self._plan, self._rotation = plan, rotation
        self._auto: dict[int, list[tuple[int, Box]]] = defaultdict(list)
        for track in selected(analysis, plan):
            for frame, box in track.boxes.items():
                self._auto[frame].append(
                    (track.id, clip(grow(box, plan.margin), self._width, self._height))
                )
        self._records: dict[tuple[str, str], tuple[list[int], list[Box]]] = {}

    def shapes(self, frame: int, time_s: float) -> list[Shape]:
        shapes = []
        for track_id, box in self._auto.get(frame, []):
            self._note("auto", str(track_id), frame, box)
            shapes.append(Shape(box))
        for mask in self._plan.manual_masks:
            points = points_at(mask, time_s)
            if points is None:
                continue
            points = self._coded(points)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = clip((min(xs), min(ys), max(xs), max(ys)), self._width, self._height)
            self._note("manual", mask.id, frame, box)
            shapes.append(Shape(box, tuple(points) if mask.shape == "polygon" else None))
        return [s for s in shapes if s.box[2] > s.box[0] and s.box[3] > s.box[1]]

    def _coded(self, points: list[Point]) -> list[Point]:
        # Reviewers draw manual masks on the picture as the player shows it; tracks and the
        # planes masked here are as coded.
        if not self._rotation:
            return points
        coded = to_coded(np.array(points, np.float32), self._rotation, self._width, self._height)
        return [(float(x), float(y)) for x, y in coded]

    def _note(self, kind: str, key: str, frame: int, box: Box) -> None:
        frames, boxes = self._records.setdefault((kind, key), ([], []))
        frames.append(frame)
        boxes.append(tuple(round(v, 1) for v in box))  # type: ignore[arg-type]

    def records(self) -> list[MaskRecord]:
        return [
            MaskRecord(
                kind=kind,  # type: ignore[arg-type]
                track_id=int(key) if kind == "auto" else None,
                manual_id=key if kind == "manual" else None,
                frames=frames,
                boxes=boxes,
            )
            for (kind, key), (frames, boxes) in self._records.items()
        ]

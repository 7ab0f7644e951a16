"""A redaction job's coverage as the API answers it, and what the studio draws and says of
it: the strip's bars (placed in thousandths of the clip, so the SVG needs no inline style),
the summary in words that is the strip's text alternative, and each moment to check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from web.domain.views import ApiModel

STRIP_WIDTH = 1000  # the strip's viewBox width
STATE_WORDS = {
    "detected": "found by the detector",
    "carried": "carried by tracking only",
    "none": "no face or plate known",
}


class CoverageSegment(ApiModel):
    start_frame: int
    end_frame: int
    state: Literal["detected", "carried", "none"]


class CoverageMoment(ApiModel):
    reason: Literal["abrupt_end", "missed", "low_confidence"]
    start_frame: int
    end_frame: int
    time_s: float
    track_id: int | None = None
    score: float


class Coverage(ApiModel):
    frames: int
    fps: float
    detected_frames: int
    carried_frames: int
    uncovered_frames: int
    detected_share: float
    carried_share: float
    uncovered_share: float
    segments: list[CoverageSegment]
    moments: list[CoverageMoment]
    moments_total: int


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    state: str


@dataclass(frozen=True)
class Check:
    """One "check this" entry: where the player goes, and what to look at there."""

    time_s: float
    clock: str
    text: str
    x: float  # where its mark sits on the strip


def bars(coverage: Coverage) -> list[Bar]:
    scale = STRIP_WIDTH / max(coverage.frames, 1)
    return [
        Bar(
            x=round(s.start_frame * scale, 3),
            width=round((s.end_frame + 1 - s.start_frame) * scale, 3),
            state=s.state,
        )
        for s in coverage.segments
    ]


def summary(coverage: Coverage) -> str:
    def part(frames: int, share: float) -> str:
        return f"{frames:,} of {coverage.frames:,} frames ({share:.0%})"

    return (
        f"Found by the detector: {part(coverage.detected_frames, coverage.detected_share)}. "
        f"Carried by tracking only: {part(coverage.carried_frames, coverage.carried_share)}. "
        f"No face or plate known: {part(coverage.uncovered_frames, coverage.uncovered_share)}."
    )


def checks(coverage: Coverage, name_of: Callable[[int], str]) -> list[Check]:
    """The moments in time order; `name_of` names a track ("Face 3"). The player goes to the
    middle of the moment's first frame, so it shows that frame and not the one before."""
    return [
        Check(
            time_s=round((m.start_frame + 0.5) / coverage.fps, 3) if coverage.fps else m.time_s,
            clock=clock(m.time_s),
            text=_words(m, coverage, name_of),
            x=round(m.start_frame * STRIP_WIDTH / max(coverage.frames, 1), 3),
        )
        for m in coverage.moments
    ]


def _words(moment: CoverageMoment, coverage: Coverage, name_of: Callable[[int], str]) -> str:
    name = name_of(moment.track_id) if moment.track_id is not None else ""
    until = clock((moment.end_frame + 1) / coverage.fps) if coverage.fps else ""
    if moment.reason == "abrupt_end":
        return (
            f"{name} is lost away from the picture's edge while the detector was still sure "
            f"of it (score {moment.score:.2f}): check it did not turn away or get covered."
        )
    if moment.reason == "missed":
        return f"{name} was missed by the detector until {until}; tracking alone carried its mask."
    return f"Low confidence until {until} (lowest score {moment.score:.2f})."


def clock(seconds: float) -> str:
    """A time in the clip as minutes and seconds to a tenth: 1:02.5."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"

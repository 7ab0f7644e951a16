"""Checking a review against what analysis found: the tracks that exist, the media's
duration and frame. A review that fails any check changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from custody_platform.errors import InvalidArgument
from pydantic import ValidationError

from redaction.domain.media import MediaInfo, RenderPlan

# A keyframe placed on the very last frame may round a hair past the stated duration.
TIME_SLACK_S = 0.05


def parse_plan(raw: dict[str, Any]) -> RenderPlan:
    """The plan's shape: known style and selection, rect = 2 points, polygon >= 3 points."""
    try:
        return RenderPlan.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidArgument(f"{where}: {first['msg']}" if where else first["msg"]) from exc


def check_plan(plan: RenderPlan, media: MediaInfo, track_ids: Iterable[int]) -> None:
    _check_tracks(plan, set(track_ids))
    _check_masks(plan, media)
    _check_audio(plan, media)


def _check_tracks(plan: RenderPlan, known: set[int]) -> None:
    unknown = sorted(set(plan.track_ids) - known)
    if unknown:
        raise InvalidArgument(f"unknown track ids: {', '.join(map(str, unknown))}")
    if plan.selection == "all" and plan.track_ids:
        raise InvalidArgument("track_ids are only used with selection 'only' or 'all_but'")


def _check_masks(plan: RenderPlan, media: MediaInfo) -> None:
    ids = [m.id for m in plan.manual_masks]
    if len(ids) != len(set(ids)) or "" in ids:
        raise InvalidArgument("manual masks need distinct, non-empty ids")
    for mask in plan.manual_masks:
        _check_range(mask.start_s, mask.end_s, media, f"manual mask {mask.id}")
        for key in mask.keyframes:
            if not _within(key.time_s, media):
                raise InvalidArgument(
                    f"manual mask {mask.id}: keyframe at {key.time_s}s is outside the media "
                    f"(0-{media.duration_s:g}s)"
                )
            for x, y in key.points:
                if not (0 <= x <= media.width and 0 <= y <= media.height):
                    raise InvalidArgument(
                        f"manual mask {mask.id}: point ({x:g}, {y:g}) is outside the "
                        f"{media.width}x{media.height} frame"
                    )


def _check_audio(plan: RenderPlan, media: MediaInfo) -> None:
    audio = plan.audio
    if (audio.remove or audio.mute_ranges) and not media.has_audio:
        raise InvalidArgument("the media has no audio track")
    if audio.remove and audio.mute_ranges:
        raise InvalidArgument("remove the audio or mute ranges of it, not both")
    for start, end in audio.mute_ranges:
        _check_range(start, end, media, "mute range")


def _check_range(start: float, end: float, media: MediaInfo, what: str) -> None:
    if start > end or not (_within(start, media) and _within(end, media)):
        raise InvalidArgument(
            f"{what}: {start:g}-{end:g}s is not a range within the media (0-{media.duration_s:g}s)"
        )


def _within(time_s: float, media: MediaInfo) -> bool:
    return 0 <= time_s <= media.duration_s + TIME_SLACK_S

"""Background-video requests: an operator asks one of its own devices for the video it
recorded outside any event, per channel, for a time range. The rules, with no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from custody_platform.errors import InvalidArgument

from device_gateway.domain.model import CommandStatus, DeviceKind

MAX_SPAN = timedelta(hours=24)  # a long shift; longer ranges are several requests
COMMAND_KIND = "background_video"


class BackgroundStatus(StrEnum):
    PENDING = "pending"  # some channel is still queued, delivered or uploading
    COMPLETE = "complete"
    NO_VIDEO = "no_video"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    status: BackgroundStatus
    reason: str | None


def validate_request(
    kind: str, device_channels: int, start: datetime, end: datetime, channels: Sequence[int]
) -> list[int]:
    """The channels asked for, sorted and unique; InvalidArgument naming what is wrong."""
    if kind == DeviceKind.VMS:
        raise InvalidArgument("a VMS exports through its connector, not background video")
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidArgument("start and end need a time zone")
    if not start < end:
        raise InvalidArgument("end must be after start")
    if end - start > MAX_SPAN:
        raise InvalidArgument(
            f"the range may span at most {MAX_SPAN.total_seconds() / 3600:g} hours"
        )
    if not channels:
        raise InvalidArgument("choose at least one channel")
    wanted = sorted(set(channels))
    if wanted[0] < 1 or wanted[-1] > device_channels:
        raise InvalidArgument(f"channels are numbered 1 to {device_channels} on this device")
    return wanted


def outcome(statuses: Iterable[str], no_video_reasons: Iterable[str | None]) -> Outcome:
    """The request's state from its channels' commands: pending while any is open; complete
    when any channel delivered video; no_video when every channel had none; failed else."""
    ended = list(statuses)
    if any(s not in _ENDED for s in ended):
        return Outcome(BackgroundStatus.PENDING, None)
    if CommandStatus.COMPLETED in ended:
        return Outcome(BackgroundStatus.COMPLETE, None)
    reasons = ", ".join(dict.fromkeys(r for r in no_video_reasons if r)) or None
    if all(s == CommandStatus.NO_VIDEO for s in ended):
        return Outcome(BackgroundStatus.NO_VIDEO, reasons)
    return Outcome(BackgroundStatus.FAILED, reasons)


_ENDED = frozenset(
    {CommandStatus.COMPLETED, CommandStatus.NO_VIDEO, CommandStatus.EXPIRED, CommandStatus.FAILED}
)

"""Background-video requests, the rules alone: what may be asked, and how a request's channels
decide its outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import InvalidArgument
from device_gateway.domain.background import BackgroundStatus, outcome, validate_request

pytestmark = pytest.mark.unit
END = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_channels_are_sorted_once_each_within_the_devices_count() -> None:
    assert validate_request("in_car", 4, END - timedelta(hours=12), END, [3, 1, 3]) == [1, 3]


@pytest.mark.parametrize(
    ("kind", "start", "end", "channels", "says"),
    [
        ("vms", END - timedelta(hours=1), END, [1], "VMS"),
        ("in_car", END, END, [1], "after start"),
        ("in_car", END - timedelta(hours=25), END, [1], "at most 24 hours"),
        ("in_car", END - timedelta(hours=1), END, [], "at least one channel"),
        ("in_car", END - timedelta(hours=1), END, [0], "numbered 1 to 2"),
        ("body_worn", END - timedelta(hours=1), END, [3], "numbered 1 to 2"),
        ("in_car", (END - timedelta(hours=1)).replace(tzinfo=None), END, [1], "time zone"),
    ],
)
def test_refusals_say_what_is_wrong(
    kind: str, start: datetime, end: datetime, channels: list[int], says: str
) -> None:
    with pytest.raises(InvalidArgument, match=says):
        validate_request(kind, 2, start, end, channels)


@pytest.mark.parametrize(
    ("statuses", "reasons", "status", "reason"),
    [
        (["completed", "queued"], [None, None], BackgroundStatus.PENDING, None),
        (["acknowledged"], [None], BackgroundStatus.PENDING, None),
        (["completed", "no_video"], [None, "overwritten"], BackgroundStatus.COMPLETE, None),
        (["completed", "expired"], [None, "expired"], BackgroundStatus.COMPLETE, None),
        (
            ["no_video", "no_video"],
            ["overwritten", "overwritten"],
            BackgroundStatus.NO_VIDEO,
            "overwritten",
        ),
        (
            ["no_video", "expired"],
            ["overwritten", "expired"],
            BackgroundStatus.FAILED,
            "overwritten, expired",
        ),
        (["expired"], ["expired"], BackgroundStatus.FAILED, "expired"),
    ],
)
def test_the_channels_decide_the_outcome(
    statuses: list[str], reasons: list[str | None], status: BackgroundStatus, reason: str | None
) -> None:
    decided = outcome(statuses, reasons)
    assert (decided.status, decided.reason) == (status, reason)

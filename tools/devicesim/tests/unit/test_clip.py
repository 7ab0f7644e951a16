from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import av
import pytest
from custody_devicesim.clip import FPS, HEIGHT, WIDTH, make_clip
from custody_devicesim.device import Command

pytestmark = pytest.mark.unit
START = datetime(2024, 5, 1, 11, 50, tzinfo=UTC)


def test_a_clip_is_real_h264_of_at_most_five_seconds() -> None:
    clip = make_clip("dvr-1", 1, START, START + timedelta(minutes=10))
    with av.open(io.BytesIO(clip)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", WIDTH, HEIGHT)
        frames = list(container.decode(video=0))
    assert len(frames) == 5 * FPS
    assert not (frames[0].to_ndarray() == frames[-1].to_ndarray()).all()  # the picture moves


def test_short_ranges_give_short_clips() -> None:
    clip = make_clip("dvr-1", 1, START, START + timedelta(seconds=2))
    with av.open(io.BytesIO(clip)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 2 * FPS
    empty_range = make_clip("dvr-1", 1, START, START)
    with av.open(io.BytesIO(empty_range)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 1


def test_clips_are_deterministic_per_device_channel_and_start() -> None:
    end = START + timedelta(minutes=1)
    assert make_clip("dvr-1", 1, START, end) == make_clip("dvr-1", 1, START, end)
    assert make_clip("dvr-1", 1, START, end) != make_clip("dvr-1", 2, START, end)
    assert make_clip("dvr-1", 1, START, end) != make_clip("dvr-2", 1, START, end)


def test_commands_parse_from_checkin_json() -> None:
    command = Command.from_json(
        {
            "id": "c1",
            "kind": "export",
            "channel": 2,
            "start": "2024-05-01T11:50:00Z",
            "end": "2024-05-01T12:00:00+00:00",
        }
    )
    assert command.start == START and command.end - command.start == timedelta(minutes=10)

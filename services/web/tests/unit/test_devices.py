"""The device pages' rules with no browser: the video request form as typed, the API's refusal
at the right field, sizes and reasons in words."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData
from web.domain.devices import (
    Device,
    VideoRequestForm,
    form_errors,
    reason_text,
    size,
)
from web.domain.views import Problem

pytestmark = pytest.mark.unit


def test_a_typed_form_keeps_its_text_and_says_what_is_missing() -> None:
    typed = VideoRequestForm.read(
        FormData([("start", "2026-12-07T08:00"), ("end", "tomorrow"), ("case_id", "nope")])
    )
    assert typed.start == "2026-12-07T08:00" and typed.end == "tomorrow"
    assert typed.problems() == {
        "end": "Enter the end as a date and time, like 2026-12-07 09:30",
        "channel-1": "Choose at least one channel",
        "case_id": "Enter a case id like 0b3e5c2a-9d41-4f6e-8a77-1c2d3e4f5a6b",
    }


def test_a_valid_form_is_the_api_body_in_utc_with_each_channel_once() -> None:
    chosen = [("channel", "2"), ("channel", "1"), ("channel", "2"), ("channel", "x")]
    form = FormData([("start", "2026-12-07T08:00"), ("end", "2026-12-07T09:30"), *chosen])
    typed = VideoRequestForm.read(form)
    assert typed.problems() == {}
    assert typed.body() == {
        "start": "2026-12-07T08:00:00+00:00",
        "end": "2026-12-07T09:30:00+00:00",
        "channels": [1, 2],
    }


@pytest.mark.parametrize(
    ("problem", "field"),
    [
        (Problem(status=400, detail="end must be after start"), "end"),
        (Problem(status=400, detail="the range may span at most 24 hours"), "end"),
        (Problem(status=400, detail="channels are numbered 1 to 2 on this device"), "channel-1"),
        (Problem(status=422, errors=[{"loc": ["body", "case_id"], "msg": "bad uuid"}]), "case_id"),
        (Problem(status=422, errors=[{"loc": ["body", "start"], "msg": "bad"}]), "start"),
    ],
)
def test_the_apis_refusal_lands_at_its_field(problem: Problem, field: str) -> None:
    assert list(form_errors(problem)) == [field]


def test_sizes_reasons_and_channel_help_read_as_words() -> None:
    assert size(512) == "512 bytes" and size(1_536) == "1.5 KB" and size(64 << 30) == "68.7 GB"
    assert reason_text("background_recording_disabled", "off") == (
        "Background recording was off on the device: “off”"
    )
    assert reason_text(None, None) == ""
    car = Device.model_validate(
        {"id": "0b3e5c2a-9d41-4f6e-8a77-1c2d3e4f5a6b", "name": "Car", "kind": "in_car"}
        | {"channels": 2, "background_recording": True, "online": False}
        | {"storage_free_bytes": 5_000_000_000, "storage_total_bytes": 64_000_000_000}
        | {"background_recording_applied": False}
    )
    assert car.storage == "5.0 GB free of 64.0 GB" and car.battery == "Not reported"
    assert car.setting_pending and "Channel 1 is its main camera" in car.channel_help()

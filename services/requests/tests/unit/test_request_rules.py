from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import InvalidArgument
from hypothesis import given
from hypothesis import strategies as st
from video_requests.domain.commands import LineItemInput, SubmitRequest
from video_requests.domain.line_items import STATES
from video_requests.domain.requests import (
    REQUEST_STATUSES,
    Policy,
    check_submission,
    parse_permission,
    required_reason,
    rollup,
    window_problems,
)

pytestmark = pytest.mark.unit

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["fulfilled", "fulfilled"], "fulfilled"),
        (["fulfilled", "exporting"], "partially_fulfilled"),
        (["fulfilled", "rejected"], "partially_fulfilled"),
        (["rejected", "rejected"], "rejected"),
        (["exporting", "submitted"], "in_progress"),
        (["approved", "rejected"], "in_progress"),
        (["rejected", "video_unavailable"], "closed"),
        (["video_unavailable"], "video_unavailable"),
        (["under_review", "submitted"], "under_review"),
        (["submitted", "rejected"], "submitted"),
        (["submitted"], "submitted"),
    ],
)
def test_rollup(statuses: list[str], expected: str) -> None:
    assert rollup(statuses) == expected


@given(st.lists(st.sampled_from(sorted(STATES)), min_size=1))
def test_rollup_is_always_a_known_request_status(statuses: list[str]) -> None:
    assert rollup(statuses) in REQUEST_STATUSES


def test_window_rules() -> None:
    policy = Policy()
    assert window_problems(NOW - 2 * HOUR, NOW - HOUR, NOW, policy) == []
    assert window_problems(NOW - 12 * HOUR, NOW, NOW, policy) == []
    assert window_problems(NOW - HOUR, NOW - HOUR, NOW, policy) == ["start must be before end"]
    assert window_problems(NOW, NOW + HOUR, NOW, policy) == ["end must not be in the future"]
    assert len(window_problems(NOW - 13 * HOUR, NOW, NOW, policy)) == 1
    assert window_problems(NOW - 13 * HOUR, NOW, NOW, Policy(max_span=24 * HOUR)) == []


def test_submission_reports_every_problem_with_its_line_item() -> None:
    bad = LineItemInput(uuid.uuid4(), NOW, NOW - HOUR)
    good = LineItemInput(uuid.uuid4(), NOW - HOUR, NOW)
    with pytest.raises(InvalidArgument) as raised:
        check_submission(SubmitRequest(" ", "", (good, bad)), NOW, Policy())
    assert "incident_number" in raised.value.message
    assert "line_items[1]: start must be before end" in raised.value.message
    assert "line_items[0]" not in raised.value.message
    with pytest.raises(InvalidArgument, match="line items"):
        check_submission(SubmitRequest("INC-1", "", ()), NOW, Policy())
    check_submission(SubmitRequest("INC-1", "", (good,)), NOW, Policy())


def test_permission_and_reason() -> None:
    assert parse_permission("") == "view"
    assert parse_permission("download") == "download"
    with pytest.raises(InvalidArgument):
        parse_permission("edit")
    assert required_reason("  not our camera ") == "not our camera"
    with pytest.raises(InvalidArgument):
        required_reason("   ")

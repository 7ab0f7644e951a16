from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import InvalidArgument
from hypothesis import given
from hypothesis import strategies as st
from video_requests.domain.commands import LineItemInput, SubmitRequest
from video_requests.domain.line_items import STATES
from video_requests.domain.policies import CameraPolicy
from video_requests.domain.requests import (
    REQUEST_STATUSES,
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
        (["more_info_requested", "under_review"], "more_info_requested"),
        (["expired", "cancelled"], "closed"),
        (["expired"], "expired"),
        (["submitted"], "submitted"),
    ],
)
def test_rollup(statuses: list[str], expected: str) -> None:
    assert rollup(statuses) == expected


@given(st.lists(st.sampled_from(sorted(STATES)), min_size=1))
def test_rollup_is_always_a_known_request_status(statuses: list[str]) -> None:
    assert rollup(statuses) in REQUEST_STATUSES


def policy(max_span: timedelta = 12 * HOUR, **fields: object) -> CameraPolicy:
    return CameraPolicy(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), max_span=max_span, **fields)  # type: ignore[arg-type]


def test_window_rules() -> None:
    policy_ = policy()
    assert window_problems(NOW - 2 * HOUR, NOW - HOUR, NOW, policy_) == []
    assert window_problems(NOW - 12 * HOUR, NOW, NOW, policy_) == []
    assert window_problems(NOW - HOUR, NOW - HOUR, NOW, policy_) == ["start must be before end"]
    assert window_problems(NOW, NOW + HOUR, NOW, policy_) == ["end must not be in the future"]
    assert window_problems(NOW - 13 * HOUR, NOW, NOW, policy_) == [
        "window must not exceed the owner's 12 h"
    ]
    assert window_problems(NOW - 13 * HOUR, NOW, NOW, policy(24 * HOUR)) == []
    assert window_problems(NOW - 3 * HOUR, NOW, NOW, policy(2 * HOUR)) != []


def test_retention_is_a_warning_not_an_error() -> None:
    keeps_a_week = policy(retention=timedelta(days=7))
    old_start = NOW - timedelta(days=8)
    assert window_problems(old_start, old_start + HOUR, NOW, keeps_a_week) == []
    assert "7 days" in (keeps_a_week.retention_warning(old_start, NOW) or "")
    assert keeps_a_week.retention_warning(NOW - HOUR, NOW) is None
    assert policy().retention_warning(old_start, NOW) is None  # unknown retention


def test_incident_is_checked() -> None:
    item = LineItemInput(uuid.uuid4(), NOW - HOUR, NOW)
    policies = {item.camera_id: policy()}
    bad = SubmitRequest(
        "INC-1", "", (item,), latitude=91.0, longitude=200.0, occurred_at=NOW + HOUR
    )
    with pytest.raises(InvalidArgument) as raised:
        check_submission(bad, NOW, policies)
    for problem in ("latitude must be", "longitude must be", "must not be in the future"):
        assert problem in raised.value.message
    with pytest.raises(InvalidArgument, match="go together"):
        check_submission(SubmitRequest("INC-1", "", (item,), latitude=45.0), NOW, policies)
    check_submission(
        SubmitRequest("INC-1", "", (item,), latitude=45.0, longitude=-73.0), NOW, policies
    )


def test_submission_reports_every_problem_with_its_line_item() -> None:
    bad = LineItemInput(uuid.uuid4(), NOW, NOW - HOUR)
    good = LineItemInput(uuid.uuid4(), NOW - HOUR, NOW)
    policies = {bad.camera_id: policy(), good.camera_id: policy()}
    with pytest.raises(InvalidArgument) as raised:
        check_submission(SubmitRequest(" ", "", (good, bad)), NOW, policies)
    assert "incident_number" in raised.value.message
    assert "line_items[1]: start must be before end" in raised.value.message
    assert "line_items[0]" not in raised.value.message
    with pytest.raises(InvalidArgument, match="line items"):
        check_submission(SubmitRequest("INC-1", "", ()), NOW, policies)
    check_submission(SubmitRequest("INC-1", "", (good,)), NOW, policies)


def test_permission_and_reason() -> None:
    assert parse_permission("") == "view"
    assert parse_permission("download") == "download"
    with pytest.raises(InvalidArgument):
        parse_permission("edit")
    assert required_reason("  not our camera ") == "not our camera"
    with pytest.raises(InvalidArgument):
        required_reason("   ")

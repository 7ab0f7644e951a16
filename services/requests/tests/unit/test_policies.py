"""What an owner's policy decides at submission, and the SLA clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from video_requests.domain.policies import CameraPolicy
from video_requests.service_layer.clock import SlaClock

pytestmark = pytest.mark.unit

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
OWNER, PARTNER, OTHER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_partners_are_auto_approved_and_preservation_needs_an_outsider() -> None:
    policy = CameraPolicy(
        uuid.uuid4(),
        OWNER,
        uuid.uuid4(),
        auto_approve_org_ids=frozenset({PARTNER}),
        export_before_approval=True,
    )
    assert policy.auto_approves(PARTNER) and not policy.auto_approves(OTHER)
    assert policy.preserves_for(OTHER) and not policy.preserves_for(OWNER)
    assert not CameraPolicy(uuid.uuid4(), OWNER, None).preserves_for(OTHER)


def test_sla_clock_due_dates_and_reminders() -> None:
    clock = SlaClock()
    due = clock.due_at(NOW, timedelta(hours=48))
    assert due == NOW + timedelta(hours=48)
    assert clock.remind_at(NOW, due) == NOW + timedelta(hours=36)
    assert clock.due_at(NOW, None) is None and clock.remind_at(NOW, None) is None
    fast = SlaClock(hour_seconds=2.0, reminder_share=0.5)
    assert fast.due_at(NOW, timedelta(hours=3)) == NOW + timedelta(seconds=6)

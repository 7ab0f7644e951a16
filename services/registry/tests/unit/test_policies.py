from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from custody_platform.errors import InvalidArgument
from registry.domain.cameras import CameraSpec, new_camera
from registry.domain.policies import CameraGroup, RequestSettings, policy_for, request_settings

pytestmark = pytest.mark.unit

ORG = uuid.uuid4()
CAMERA = new_camera(CameraSpec("Gate", "fixed", 1, 1), ORG, datetime.now(UTC))


def test_group_approvers_win_only_when_the_group_names_some() -> None:
    settings = RequestSettings(ORG, approver_user_ids=(uuid.uuid4(),))
    named = CameraGroup(uuid.uuid4(), ORG, "G", (uuid.uuid4(),), datetime.now(UTC))
    empty = CameraGroup(uuid.uuid4(), ORG, "E", (), datetime.now(UTC))
    assert policy_for(CAMERA, settings, named).approver_user_ids == named.approver_user_ids
    assert policy_for(CAMERA, settings, empty).approver_user_ids == settings.approver_user_ids
    assert policy_for(CAMERA, settings, None).approver_user_ids == settings.approver_user_ids


def test_settings_defaults_and_bounds() -> None:
    user = uuid.uuid4()
    saved = request_settings(RequestSettings(ORG, (user, user), max_span_hours=0))
    assert (saved.max_span_hours, saved.approver_user_ids) == (12, (user,))
    with pytest.raises(InvalidArgument, match="max_span_hours"):
        request_settings(RequestSettings(ORG, max_span_hours=10_000))
    with pytest.raises(InvalidArgument, match="owner organization itself"):
        request_settings(RequestSettings(ORG, auto_approve_org_ids=(ORG,)))

from __future__ import annotations

import pytest
from custody_platform.errors import InvalidArgument
from notifier.domain import preferences
from notifier.domain.preferences import DIGEST, EMAIL, IN_APP, OFF

pytestmark = pytest.mark.unit


def test_a_person_who_chose_nothing_is_emailed_and_told_in_the_tray() -> None:
    assert preferences.choice({}, "request_decided") == EMAIL
    assert preferences.emailed_now({}, "request_decided")
    assert preferences.in_tray({}, "request_decided")


def test_each_choice_decides_email_and_tray() -> None:
    expected = {
        EMAIL: (True, True),
        IN_APP: (False, True),
        DIGEST: (False, True),
        OFF: (False, False),
    }
    for wanted, (emailed, shown) in expected.items():
        saved = {"public_upload": wanted}
        assert preferences.emailed_now(saved, "public_upload") is emailed
        assert preferences.in_tray(saved, "public_upload") is shown
        assert preferences.choice(saved, "request_message") == EMAIL  # other topics untouched


def test_a_mandatory_notice_ignores_what_was_saved() -> None:
    assert preferences.BY_KEY["webhook_disabled"].mandatory
    assert preferences.in_tray({"webhook_disabled": OFF}, "webhook_disabled")


def test_changes_are_refused_whole_when_one_is_wrong() -> None:
    assert preferences.checked({"request_decided": DIGEST}) == {"request_decided": DIGEST}
    with pytest.raises(InvalidArgument, match="unknown topic"):
        preferences.checked({"request_decided": OFF, "lottery": OFF})
    with pytest.raises(InvalidArgument, match="choice must be one of"):
        preferences.checked({"request_decided": "pigeon"})
    with pytest.raises(InvalidArgument, match="mandatory"):
        preferences.checked({"webhook_disabled": OFF})


def test_every_email_kind_belongs_to_a_topic_people_can_choose() -> None:
    assert set(preferences.EMAIL_TOPICS.values()) <= set(preferences.BY_KEY)

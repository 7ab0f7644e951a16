"""The people list's filters and the password form's own checks (decision 0042)."""

from __future__ import annotations

import pytest
from web.domain.people import PasswordForm, PeopleFilters

pytestmark = pytest.mark.unit


def test_filters_keep_only_what_the_page_offers() -> None:
    typed = PeopleFilters.read("  dana ", "gone", "superadmin")
    assert typed == PeopleFilters("dana", "active", "")
    assert typed.params() == {"q": "dana", "status": "active"}
    assert PeopleFilters.read("", "all", "approver").link("abc") == (
        "/admin/people?status=all&role=approver&cursor=abc"
    )


def test_the_password_form_says_what_is_wrong_at_each_field() -> None:
    assert PasswordForm("", "short", "short").problems() == {
        "current_password": "Enter your current password",
        "new_password": "Enter a new password of at least 12 characters",
    }
    same = PasswordForm("old long password", "old long password", "old long password")
    assert "differs" in same.problems()["new_password"]
    mismatch = PasswordForm("old", "a new long password", "a new long passwort")
    assert mismatch.problems() == {"confirm_password": "Enter the same new password again"}
    fine = PasswordForm("old", "a new long password", "a new long password")
    assert fine.problems() == {}
    assert fine.body() == {"current_password": "old", "new_password": "a new long password"}

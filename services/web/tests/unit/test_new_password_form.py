"""The guest's new password, checked before the gateway is asked (its minimum is 12)."""

from __future__ import annotations

from web.domain.forms import NewPasswordForm


def test_a_password_is_needed() -> None:
    assert NewPasswordForm().problems() == {"password": "Enter a password"}


def test_a_short_password_is_refused_next_to_the_field() -> None:
    problems = NewPasswordForm("eleven char", "eleven char").problems()
    assert list(problems) == ["password"]
    assert "12 characters" in problems["password"]


def test_the_two_passwords_must_match() -> None:
    problems = NewPasswordForm("twelve chars", "twelve charz").problems()
    assert list(problems) == ["confirm_password"]


def test_twelve_matching_characters_are_enough() -> None:
    assert NewPasswordForm("twelve chars", "twelve chars").problems() == {}

"""The sign-in form as typed, and what is wrong with it (GOV.UK: say what to do)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def _has_control_character(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in value)


@dataclass(frozen=True)
class SignInForm:
    email: str = ""
    password: str = ""

    def problems(self) -> dict[str, str]:
        """Field id -> message, for fields left empty or holding characters no account can
        have (a pasted NUL or escape): the gateway would refuse them anyway."""
        errors = {}
        if not self.email.strip():
            errors["email"] = "Enter your email address"
        elif _has_control_character(self.email):
            errors["email"] = "Email address contains a hidden character: type it again"
        if not self.password:
            errors["password"] = "Enter your password"
        elif _has_control_character(self.password):
            errors["password"] = "Password contains a hidden character: type it again"
        return errors


# The gateway's minimum (schemas/guests.py): said here before the round trip.
MIN_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class NewPasswordForm:
    password: str = ""
    confirm_password: str = ""

    def problems(self) -> dict[str, str]:
        if not self.password:
            return {"password": "Enter a password"}
        if len(self.password) < MIN_PASSWORD_LENGTH:
            return {"password": f"Password must be {MIN_PASSWORD_LENGTH} characters or more"}
        if self.confirm_password != self.password:
            return {"confirm_password": "The two passwords are not the same: type it again"}
        return {}

"""The sign-in form as typed, and what is missing from it (GOV.UK: say what to do)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignInForm:
    email: str = ""
    password: str = ""

    def missing(self) -> dict[str, str]:
        """Field id -> message, for the fields left empty."""
        errors = {}
        if not self.email.strip():
            errors["email"] = "Enter your email address"
        if not self.password:
            errors["password"] = "Enter your password"
        return errors

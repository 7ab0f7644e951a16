"""Signing in with a second factor, and what a session without one may do. No I/O.

A right password of a user with TOTP opens no session: it answers 401 ``mfa_required`` with
an ``mfa_token`` (kept as sha256, good once, for ``CHALLENGE_LIFETIME``), which
``POST /auth/token/mfa`` exchanges with a code or a recovery code for tokens. In an
organization that requires a second factor, a session opened without one (its user has none
yet, or signed in before the requirement) may call only ``ENROLMENT_OPERATIONS``; every other
operation answers 403 ``mfa_enrolment_required``. Enrolling in that session lifts it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from custody_platform.errors import PermissionDenied, Unauthenticated

CHALLENGE_LIFETIME = timedelta(minutes=5)
WRONG_CODE = "the code is not right: use the current code from your authenticator app"
WRONG_RECOVERY_CODE = "that recovery code is not one of yours, or was used already"
EXPIRED_CHALLENGE = "sign-in expired: enter your email and password again"

# The operation ids (route function names) a session without the required second factor
# may still call: who am I, enrol, and sign out.
ENROLMENT_OPERATIONS = frozenset(
    {
        "read_me",
        "read_my_mfa",
        "start_totp_enrolment",
        "confirm_totp_enrolment",
        "logout",
    }
)


class MfaRequired(Unauthenticated):
    """The password was right; the problem carries the ``mfa_token`` for the second step."""

    code = "mfa_required"
    title = "Second factor required"

    def __init__(self, mfa_token: str) -> None:
        super().__init__("enter the code from your authenticator app")
        self.extensions = {"mfa_token": mfa_token}


class MfaEnrolmentRequired(PermissionDenied):
    code = "mfa_enrolment_required"
    title = "Two-factor authentication required"

    def __init__(self) -> None:
        super().__init__(
            "your organization requires two-factor authentication: set up an authenticator "
            "app (POST /api/v1/users/me/mfa/totp), or sign in again with your code"
        )


def may_call(operation: str, *, org_requires: bool, session_verified: bool) -> bool:
    return session_verified or not org_requires or operation in ENROLMENT_OPERATIONS


def new_challenge_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

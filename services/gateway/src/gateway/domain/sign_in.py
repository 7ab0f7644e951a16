"""Limits on signing in: the account lockout and the errors that answer 429.

Lockout is kept per normalized email, whether or not an account has it, so an unknown email
locks exactly like a known one and the answer never tells which emails exist. ``threshold``
consecutive failures within ``duration`` of each other lock the email for ``duration``; a
successful sign-in clears the count.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_platform.errors import DomainError, InvalidArgument

LOCKED = "too many failed sign-ins: this account is locked for a while; try again later"
TOO_MANY = "too many sign-in attempts from this address; try again later"


class TooManyAttempts(DomainError):
    """429 with Retry-After; the platform has no rate-limit error, so the gateway declares it."""

    code = "too_many_requests"
    http_status = 429
    title = "Too many requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


class AccountLocked(TooManyAttempts):
    """Said alike for a right or a wrong password, a known or an unknown email."""

    code = "account_locked"
    title = "Account locked"


@dataclass(frozen=True)
class Lockout:
    threshold: int
    duration: timedelta

    def locked(self, locked_until: datetime, now: datetime) -> AccountLocked:
        seconds = math.ceil((locked_until - now).total_seconds())
        return AccountLocked(LOCKED, max(1, seconds))


# What an account can have been given (the users API's limits): longer cannot match, and
# hashing a megabyte-long password to find that out is work an attacker would choose.
MAX_EMAIL = 254
MAX_PASSWORD = 256


def check_credentials_text(email: str, password: str) -> None:
    """Refuse, before any lookup, credentials no account can have: control characters (a NUL
    reached Postgres and answered 500) or more than the longest allowed."""
    for field, value, longest in (
        ("username", email, MAX_EMAIL),
        ("password", password, MAX_PASSWORD),
    ):
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise InvalidArgument(f"{field} must not contain control characters")
        if len(value) > longest:
            raise InvalidArgument(f"{field} must be at most {longest} characters")

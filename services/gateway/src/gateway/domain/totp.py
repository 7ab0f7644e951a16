"""The TOTP second factor (RFC 6238): codes, their window and replay, recovery codes. No I/O.

A code is six digits for a 30-second time step; the step before and the step after are taken
too (clocks drift, people type slowly). Each accepted code's step is remembered, and only a
later step is taken after it: a code seen once, or overheard, is never good again. Recovery
codes are random (about 50 bits each), so their sha256 is enough to keep; each is struck off
when used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime

import pyotp

ISSUER = "Custody"
DIGITS = 6
WINDOW = 1  # steps either side of now
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to misread (no 0/o, 1/l/i)
_RECOVERY_HALF = 5


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps take them (RFC 4226's length)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI a QR code carries to an authenticator app."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: datetime, last_used_step: int | None) -> int | None:
    """The time step ``code`` is for, within the window around ``now`` and later than the last
    step used; None if it is none of those."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        later = last_used_step is None or step > last_used_step
        if later and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k7m2p-x9qra``, shown once."""
    return [f"{_random(_RECOVERY_HALF)}-{_random(_RECOVERY_HALF)}" for _ in range(RECOVERY_CODES)]


def recovery_digest(code: str) -> str:
    """As kept: the sha256 of the code without case, spaces or dashes (as people type it)."""
    typed = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(typed.encode()).hexdigest()


def without_recovery_code(stored: Sequence[str], code: str) -> list[str] | None:
    """The digests left once ``code`` is used; None if it is not one of them (or was used)."""
    presented = recovery_digest(code)
    left = [kept for kept in stored if not hmac.compare_digest(kept, presented)]
    return None if len(left) == len(stored) else left


def _random(length: int) -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(length))

"""Sign-in sessions: the rules, without I/O.

A sign-in opens a session. Its refresh token is ``<session id>.<secret>``; only the sha256 of
the whole token is kept. Every refresh replaces the token, so a token presented a second time
(stolen and used by someone else, or replayed) no longer matches: that is reuse, and it ends
the session. A session ends when revoked (logout, reuse, the user's deactivation), when unused
for ``idle`` (the CJIS session lock) and ``max_age`` after the sign-in, whatever its use.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_platform.errors import DomainError

from gateway.domain.sign_in import Lockout
from gateway.domain.tokens import TokenSigner

SIGN_IN_AGAIN = "session ended; sign in again"
IDLE = "session unused for too long; sign in again"


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    max_age: timedelta
    # Last use is written at most this often: one write a minute, not one a request. An idle
    # session is therefore refused up to this much early, never late.
    touch_every: timedelta = timedelta(seconds=60)

    def refusal(
        self, *, revoked: bool, last_seen_at: datetime, expires_at: datetime, now: datetime
    ) -> str | None:
        """Why a session may no longer be used, or None while it may."""
        if revoked or now >= expires_at:
            return SIGN_IN_AGAIN
        if now - last_seen_at >= self.idle:
            return IDLE
        return None

    def needs_touch(self, last_seen_at: datetime, now: datetime) -> bool:
        return now - last_seen_at >= self.touch_every


@dataclass(frozen=True)
class AuthPolicy:
    """Everything signing in needs to know, built once from the settings."""

    signer: TokenSigner
    sessions: SessionPolicy
    lockout: Lockout


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int  # seconds, of the access token
    refresh_token: str


@dataclass(frozen=True)
class Outcome:
    """What signing in or refreshing came to. A refusal may still have changed state (a failed
    attempt counted, a reused token's session revoked): the entrypoint commits, then unwraps."""

    tokens: IssuedTokens | None = None
    error: DomainError | None = None

    def unwrap(self) -> IssuedTokens:
        if self.error is not None:
            raise self.error
        assert self.tokens is not None
        return self.tokens


def new_refresh_token(session_id: uuid.UUID) -> str:
    return f"{session_id.hex}.{secrets.token_urlsafe(32)}"


def session_of(refresh_token: str) -> uuid.UUID | None:
    """The session a refresh token names; None for anything that is not one."""
    head, dot, secret = refresh_token.partition(".")
    if not dot or not secret:
        return None
    try:
        return uuid.UUID(hex=head)
    except ValueError:
        return None


def digest(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode()).hexdigest()


def matches(refresh_token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(refresh_token), stored_digest)

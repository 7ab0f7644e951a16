"""A browser's session with the web app: an opaque random id (the only thing in the cookie),
the CSRF token its forms carry, and, once signed in, the gateway's tokens. Pure: no I/O."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from web.domain.acting import Acting, as_administrator
from web.domain.views import User

# Refresh a little before the gateway would refuse the access token.
EXPIRY_MARGIN = timedelta(seconds=30)


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at - EXPIRY_MARGIN


@dataclass
class WebSession:
    id: str
    csrf_token: str
    last_used: datetime
    tokens: Tokens | None = None
    user: User | None = None
    acting: Acting | None = None  # a superadmin acting for an organization (decision 0048)
    # Work a page keeps between its steps (a checked import file, a form's draft), by page:
    # server-side, so nothing the browser sends back is trusted, and gone with the session.
    drafts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # Serializes this session's calls that may refresh: the gateway rotates the refresh token
    # on every use and revokes the session when an old one comes back, so two requests from
    # the same browser must never refresh at once.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)

    @classmethod
    def new(cls, now: datetime, tokens: Tokens | None = None) -> WebSession:
        return cls(random_token(), random_token(), now, tokens)

    @property
    def signed_in(self) -> bool:
        return self.tokens is not None and self.user is not None

    def idle(self, now: datetime, limit: timedelta) -> bool:
        return now - self.last_used > limit

    def start_acting(self, acting: Acting) -> None:
        self.acting = acting
        self.user = as_administrator(acting.operator, acting.org_id)

    def stop_acting(self) -> None:
        if self.acting is not None:
            self.user, self.acting = self.acting.operator, None


def random_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(session: WebSession, presented: str | None) -> bool:
    return presented is not None and secrets.compare_digest(session.csrf_token, presented)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another origin."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target

"""Sessions kept in this process (decision 0017): a restart signs everyone out, and several
instances would need sticky sessions or a shared store. Idle sessions are dropped on access."""

from __future__ import annotations

from datetime import datetime, timedelta

from web.domain.sessions import WebSession

# A sweep of idle sessions every this many new sessions keeps memory bounded.
SWEEP_EVERY = 256


class InMemorySessionStore:
    def __init__(self, idle_limit: timedelta) -> None:
        self.idle_limit = idle_limit
        self._sessions: dict[str, WebSession] = {}
        self._added = 0

    def get(self, session_id: str | None, now: datetime) -> WebSession | None:
        session = self._sessions.get(session_id or "")
        if session is None:
            return None
        if session.idle(now, self.idle_limit):
            self.remove(session.id)
            return None
        session.last_used = now
        return session

    def peek(self, session_id: str | None, now: datetime) -> WebSession | None:
        """The session, without counting this as its use: a page left open with a live
        stream must still go idle."""
        session = self._sessions.get(session_id or "")
        if session is None or session.idle(now, self.idle_limit):
            return None
        return session

    def add(self, session: WebSession) -> WebSession:
        self._sessions[session.id] = session
        self._added += 1
        if self._added % SWEEP_EVERY == 0:
            self._sweep(session.last_used)
        return session

    def remove(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def __len__(self) -> int:
        return len(self._sessions)

    def _sweep(self, now: datetime) -> None:
        for stale in [s.id for s in self._sessions.values() if s.idle(now, self.idle_limit)]:
            self.remove(stale)

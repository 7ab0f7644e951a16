"""Queries of sessions and failed sign-ins. Rows that can no longer matter are deleted a few at
a time by later sign-ins, so both tables stay as small as the live sessions and recent failures.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import Organization, SignInFailure, User, UserSession
from gateway.domain.sign_in import Lockout

_SWEEP_ROWS = 100


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, user_session: UserSession) -> None:
        self.session.add(user_session)

    async def with_user(
        self, session_id: uuid.UUID, *, for_update: bool = False
    ) -> tuple[UserSession, User] | None:
        """A session and its user, by primary keys: the per-request check."""
        query = (
            select(UserSession, User)
            .join(User, col(User.id) == col(UserSession.user_id))
            .where(col(UserSession.id) == session_id)
        )
        if for_update:
            query = query.with_for_update(of=UserSession)  # type: ignore[arg-type]
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1])

    async def for_request(self, session_id: uuid.UUID) -> tuple[UserSession, User, bool] | None:
        """A session, its user and whether their organization requires a second factor, in
        one query: the per-request check."""
        query = (
            select(UserSession, User, Organization.mfa_required)
            .join(User, col(User.id) == col(UserSession.user_id))
            .join(Organization, col(Organization.id) == col(User.org_id))
            .where(col(UserSession.id) == session_id)
        )
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1], bool(row[2]))

    async def revoke_all(
        self, user_id: uuid.UUID, now: datetime, reason: str, keep: uuid.UUID | None = None
    ) -> int:
        """Ends every live session of the user but ``keep`` (the caller's own); how many."""
        where = [col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None)]
        if keep is not None:
            where.append(col(UserSession.id) != keep)
        result = await self.session.execute(
            update(UserSession).where(*where).values(revoked_at=now, revoked_reason=reason)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def sweep(self, now: datetime) -> None:
        """Delete a few sessions past their absolute end (a revoked one is kept until then, so
        a reused refresh token is still recognized)."""
        ended = select(UserSession.id).where(col(UserSession.expires_at) < now)
        ids = ended.limit(_SWEEP_ROWS).scalar_subquery()
        await self.session.execute(delete(UserSession).where(col(UserSession.id).in_(ids)))


class SignInFailures:
    """The lockout's count, per normalized email."""

    def __init__(self, session: AsyncSession, lockout: Lockout) -> None:
        self.session = session
        self.lockout = lockout

    async def locked_until(self, email: str, now: datetime) -> datetime | None:
        result = await self.session.execute(
            select(SignInFailure.locked_until).where(
                col(SignInFailure.email) == email, col(SignInFailure.locked_until) > now
            )
        )
        return result.scalar_one_or_none()

    async def record(self, email: str, now: datetime) -> bool:
        """Count one failure, atomically among concurrent attempts; True if it locks the email.
        A failure more than the lockout's duration after the previous one starts a new count."""
        until = now + self.lockout.duration
        table = SignInFailure.__table__  # type: ignore[attr-defined]
        count = case(
            (table.c.last_failed_at < now - self.lockout.duration, 1),
            else_=table.c.failures + 1,
        )
        locks = count >= self.lockout.threshold
        first_locks = self.lockout.threshold <= 1
        statement = (
            insert(SignInFailure)
            .values(
                email=email,
                failures=0 if first_locks else 1,
                last_failed_at=now,
                locked_until=until if first_locks else None,
            )
            .on_conflict_do_update(
                index_elements=["email"],
                set_={
                    "failures": case((locks, 0), else_=count),
                    "last_failed_at": now,
                    "locked_until": case((locks, until), else_=table.c.locked_until),
                },
            )
            .returning(table.c.locked_until)
        )
        return (await self.session.execute(statement)).scalar_one() == until

    async def clear(self, email: str) -> None:
        await self.session.execute(delete(SignInFailure).where(col(SignInFailure.email) == email))

    async def sweep(self, now: datetime) -> None:
        """Delete a few rows whose last failure is too old to count or to lock."""
        stale = now - self.lockout.duration
        old = select(SignInFailure.email).where(col(SignInFailure.last_failed_at) < stale)
        emails = old.limit(_SWEEP_ROWS).scalar_subquery()
        await self.session.execute(
            delete(SignInFailure).where(col(SignInFailure.email).in_(emails))
        )

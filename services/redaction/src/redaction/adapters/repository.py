"""Job and track rows. Reads for users are scoped by org; the worker claims with row locks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from redaction.adapters.orm import Job, Track
from redaction.domain.jobs import RUNNABLE


async def get(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    return await session.get(Job, job_id)


async def add(session: AsyncSession, job: Job) -> None:
    session.add(job)
    await session.flush()


async def job_of(
    session: AsyncSession, org_id: uuid.UUID, job_id: uuid.UUID, *, lock: bool = False
) -> Job | None:
    query = select(Job).where(Job.id == job_id, Job.org_id == org_id)
    if lock:  # serializes a user's review or cancel with the worker's claim
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def jobs_of_evidence(
    session: AsyncSession, org_id: uuid.UUID, evidence_id: uuid.UUID
) -> Sequence[Job]:
    query = (
        select(Job)
        .where(Job.evidence_id == evidence_id, Job.org_id == org_id)
        .order_by(col(Job.created_at).desc())
    )
    return (await session.exec(query)).all()


async def claim_next(session: AsyncSession, now: datetime) -> Job | None:
    """The oldest runnable job nobody holds a live lease on, locked for this transaction;
    SKIP LOCKED lets concurrent workers pass each other instead of queueing on one row."""
    query = (
        select(Job)
        .where(
            col(Job.status).in_(RUNNABLE),
            or_(col(Job.lease_expires_at).is_(None), col(Job.lease_expires_at) < now),
        )
        .order_by(col(Job.created_at))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).first()


async def oldest_queued(session: AsyncSession) -> datetime | None:
    """When the oldest job still waiting for its first step was created."""
    query = select(func.min(col(Job.created_at))).where(col(Job.status) == "queued")
    return (await session.exec(query)).one()


async def renew_lease(
    session: AsyncSession,
    job_id: uuid.UUID,
    owner: str,
    lease: timedelta,
    progress: tuple[int, int, float] | None,
) -> bool | None:
    """Extend our lease (and store progress); returns the cancel flag, or None when the lease
    is no longer ours (it expired and another worker took the job)."""
    values: dict[str, object] = {"lease_expires_at": func.now() + lease, "updated_at": func.now()}
    if progress is not None:
        values.update(frames_done=progress[0], frames_total=progress[1], fps=progress[2])
    statement = (
        update(Job)
        .where(col(Job.id) == job_id, col(Job.lease_owner) == owner)
        .values(**values)
        .returning(col(Job.cancel_requested))
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def tracks_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Track]:
    query = select(Track).where(Track.job_id == job_id).order_by(col(Track.track_id))
    return (await session.exec(query)).all()


async def tracks_between(
    session: AsyncSession, job_id: uuid.UUID, first: int, last: int
) -> Sequence[Track]:
    """The job's tracks on screen at some frame from `first` to `last`."""
    query = (
        select(Track)
        .where(
            Track.job_id == job_id,
            col(Track.first_frame) <= last,
            col(Track.last_frame) >= first,
        )
        .order_by(col(Track.track_id))
    )
    return (await session.exec(query)).all()


async def any_track_after(session: AsyncSession, job_id: uuid.UUID, frame: int) -> bool:
    query = select(Track.track_id).where(Track.job_id == job_id, col(Track.last_frame) > frame)
    return (await session.exec(query.limit(1))).first() is not None


async def track_of(session: AsyncSession, job_id: uuid.UUID, track_id: int) -> Track | None:
    return await session.get(Track, (job_id, track_id))


async def replace_tracks(session: AsyncSession, job_id: uuid.UUID, tracks: list[Track]) -> None:
    """A rerun analysis replaces whatever an interrupted one left."""
    await session.execute(delete(Track).where(col(Track.job_id) == job_id))
    session.add_all(tracks)
    await session.flush()

"""Job rows."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from redaction.adapters.orm import Job


async def get(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    return await session.get(Job, job_id)


async def add(session: AsyncSession, job: Job) -> None:
    session.add(job)
    await session.flush()

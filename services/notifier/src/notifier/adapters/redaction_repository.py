"""Who asked for each redaction job, remembered from the evidence service's request."""

from __future__ import annotations

import uuid

from custody_contracts.events.evidence import RedactionRequested
from sqlalchemy.dialects.postgresql import insert
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import RedactionRequest


async def remember(session: AsyncSession, event: RedactionRequested) -> None:
    stmt = insert(RedactionRequest).values(
        job_id=event.job_id,
        requested_by=event.requested_by,
        org_id=event.org_id,
        case_id=event.case_id,
        evidence_id=event.evidence_id,
        filename=event.filename,
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["job_id"]))


async def asked(session: AsyncSession, job_id: uuid.UUID) -> RedactionRequest | None:
    return await session.get(RedactionRequest, job_id)

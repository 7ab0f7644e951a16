"""The queries the service layer needs; every read of a user's data is scoped by org."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters.orm import Case, EvidenceItem


async def ensure_case(
    session: AsyncSession, *, org_id: uuid.UUID, number: str, title: str
) -> tuple[Case, bool]:
    """The org's case with this number, created if missing; True when this call created it.
    ON CONFLICT makes two concurrent ingests into one new case agree on a single row."""
    stmt = (
        insert(Case)
        .values(id=uuid.uuid4(), org_id=org_id, number=number, title=title, status="open")
        .on_conflict_do_nothing(index_elements=["org_id", "number"])
    )
    created = bool((await session.execute(stmt)).rowcount)  # type: ignore[attr-defined]
    query = select(Case).where(Case.org_id == org_id, Case.number == number)
    return (await session.exec(query)).one(), created


async def cases_of(session: AsyncSession, org_id: uuid.UUID) -> Sequence[Case]:
    query = select(Case).where(Case.org_id == org_id).order_by(col(Case.created_at).desc())
    return (await session.exec(query)).all()


async def case_of(session: AsyncSession, org_id: uuid.UUID, case_id: uuid.UUID) -> Case | None:
    query = select(Case).where(Case.id == case_id, Case.org_id == org_id)
    return (await session.exec(query)).first()


async def items_in(session: AsyncSession, case: Case) -> Sequence[EvidenceItem]:
    query = (
        select(EvidenceItem)
        .where(EvidenceItem.case_id == case.id, EvidenceItem.org_id == case.org_id)
        .order_by(col(EvidenceItem.created_at))
    )
    return (await session.exec(query)).all()


async def item_of(
    session: AsyncSession, org_id: uuid.UUID, item_id: uuid.UUID
) -> EvidenceItem | None:
    query = select(EvidenceItem).where(EvidenceItem.id == item_id, EvidenceItem.org_id == org_id)
    return (await session.exec(query)).first()


async def item_by_upload(session: AsyncSession, upload_id: uuid.UUID) -> EvidenceItem | None:
    query = select(EvidenceItem).where(EvidenceItem.upload_id == upload_id)
    return (await session.exec(query)).first()

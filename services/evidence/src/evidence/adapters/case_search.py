"""Finding an organization's cases: text and filters, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from custody_platform.db import contains_pattern
from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters.orm import Case


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    status: str = ""
    tag: str = ""
    department: str = ""
    assignee: uuid.UUID | None = None
    created_from: datetime | None = None  # opened at or after
    created_to: datetime | None = None  # opened before


async def cases_matching(
    session: AsyncSession, org_id: uuid.UUID, filters: CaseFilters
) -> Sequence[Case]:
    query = select(Case).where(Case.org_id == org_id)
    if filters.query:
        like = contains_pattern(filters.query)
        query = query.where(
            or_(
                col(Case.number).ilike(like),
                col(Case.title).ilike(like),
                col(Case.description).ilike(like),
            )
        )
    if filters.status:
        query = query.where(Case.status == filters.status)
    if filters.tag:
        query = query.where(col(Case.tags).contains([filters.tag.lower()]))
    if filters.department:
        query = query.where(Case.department == filters.department)
    if filters.assignee:
        query = query.where(col(Case.assignees).contains([filters.assignee]))
    if filters.created_from:
        query = query.where(col(Case.created_at) >= filters.created_from)
    if filters.created_to:
        query = query.where(col(Case.created_at) < filters.created_to)
    return (await session.exec(query.order_by(col(Case.created_at).desc()))).all()

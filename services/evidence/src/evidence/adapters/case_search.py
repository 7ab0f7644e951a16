"""Finding an organization's cases: text and filters, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custody_platform.db import contains_pattern
from sqlalchemy import func, or_, tuple_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters.orm import Case
from evidence.domain.paging import Keyset


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
    session: AsyncSession,
    org_id: uuid.UUID,
    filters: CaseFilters,
    limit: int = 0,
    after: Keyset | None = None,
) -> Sequence[Case]:
    """Newest first; `limit` 0 returns every match, else at most `limit` after `after`."""
    query = _matching(select(Case), org_id, filters)
    if after is not None:
        query = query.where(
            tuple_(col(Case.created_at), col(Case.id)) < tuple_(after.created_at, after.id)
        )
    query = query.order_by(col(Case.created_at).desc(), col(Case.id).desc())
    return (await session.exec(query.limit(limit) if limit else query)).all()


async def count_matching(session: AsyncSession, org_id: uuid.UUID, filters: CaseFilters) -> int:
    query = _matching(select(func.count()).select_from(Case), org_id, filters)
    return int((await session.exec(query)).one())


def _matching(query: Any, org_id: uuid.UUID, filters: CaseFilters) -> Any:
    query = query.where(Case.org_id == org_id)
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
    return query

"""Items of one case: a page of them in the order they were added (decision 0040), their
count, and those locked for a change of many at once (decision 0036)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters.orm import CaseItem, EvidenceItem
from evidence.domain.paging import Keyset


async def items_page(
    session: AsyncSession,
    case_id: uuid.UUID,
    include_deleted: bool = False,
    limit: int = 0,
    at: Keyset | None = None,
) -> Sequence[EvidenceItem]:
    """Oldest first, at most `limit` (0: all) after `at`; going back, the newest before it."""
    query = _of_case(select(EvidenceItem), case_id, include_deleted)
    key = tuple_(col(EvidenceItem.created_at), col(EvidenceItem.id))
    backward = at is not None and at.backward
    if at is not None:
        bound = tuple_(at.created_at, at.id)
        query = query.where(key < bound if backward else key > bound)
    order = (col(EvidenceItem.created_at), col(EvidenceItem.id))
    query = query.order_by(*(o.desc() for o in order) if backward else order)
    return (await session.exec(query.limit(limit) if limit else query)).all()


async def count_items(session: AsyncSession, case_id: uuid.UUID, include_deleted: bool) -> int:
    query = _of_case(select(func.count()).select_from(EvidenceItem), case_id, include_deleted)
    return int((await session.exec(query)).one())


def _of_case(query: Any, case_id: uuid.UUID, include_deleted: bool) -> Any:
    query = query.join(CaseItem, col(CaseItem.evidence_id) == col(EvidenceItem.id)).where(
        CaseItem.case_id == case_id, col(EvidenceItem.purged_at).is_(None)
    )
    return query if include_deleted else query.where(col(EvidenceItem.deleted_at).is_(None))


async def live_items_locked(
    session: AsyncSession, case_id: uuid.UUID, org_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[EvidenceItem]:
    """Those of `ids` the case holds that are the organization's and not deleted, row-locked
    until the transaction ends, in id order (two bulk changes never deadlock)."""
    query = (
        select(EvidenceItem)
        .join(CaseItem, col(CaseItem.evidence_id) == col(EvidenceItem.id))
        .where(
            CaseItem.case_id == case_id,
            col(EvidenceItem.id).in_(list(ids)),
            EvidenceItem.org_id == org_id,
            col(EvidenceItem.deleted_at).is_(None),
            col(EvidenceItem.purged_at).is_(None),
        )
        .order_by(col(EvidenceItem.id))
        .with_for_update(of=EvidenceItem)  # type: ignore[arg-type]
    )
    return (await session.exec(query)).all()

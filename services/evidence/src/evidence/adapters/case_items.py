"""Items of one case, locked for a change of many at once (decision 0036)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters.orm import CaseItem, EvidenceItem


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

"""The queries the service layer needs; every read of a user's data is scoped by org."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from evidence.adapters import case_items
from evidence.adapters.orm import (
    Case,
    CaseItem,
    Comment,
    EvidenceItem,
    FileRequest,
    Grant,
    ObjectBlocks,
    RetentionPolicy,
    ShareLink,
)


async def ensure_case(
    session: AsyncSession, *, org_id: uuid.UUID, number: str, title: str
) -> tuple[Case, bool]:
    """The org's case with this number, created if missing; True when this call created it.
    ON CONFLICT makes two concurrent ingests into one new case agree on a single row."""
    stmt = (
        insert(Case)
        .values(id=uuid.uuid4(), org_id=org_id, number=number, title=title, status="open")
        .on_conflict_do_nothing(index_elements=["org_id", "number"])
        .returning(col(Case.id))
    )
    # RETURNING says whether this call inserted; rowcount did not (non-zero on a conflict too).
    created = (await session.execute(stmt)).first() is not None
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


async def count_cases(session: AsyncSession, org_id: uuid.UUID) -> int:
    """Under a per-org advisory lock, so generated numbers do not race."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"cases:{org_id}"}
    )
    query = select(func.count()).select_from(Case).where(Case.org_id == org_id)
    return int((await session.exec(query)).one())


async def locked_case(session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    query = select(Case).where(Case.id == case_id).with_for_update()
    return (await session.exec(query)).first()


async def case_by_id(session: AsyncSession, case_id: uuid.UUID) -> Case | None:
    return await session.get(Case, case_id)


async def item_by_id(session: AsyncSession, item_id: uuid.UUID) -> EvidenceItem | None:
    return await session.get(EvidenceItem, item_id)


async def items_of_case(
    session: AsyncSession, case_id: uuid.UUID, include_deleted: bool = False
) -> Sequence[EvidenceItem]:
    return await case_items.items_page(session, case_id, include_deleted)


async def cases_holding(session: AsyncSession, item_id: uuid.UUID) -> Sequence[Case]:
    query = (
        select(Case)
        .join(CaseItem, col(CaseItem.case_id) == col(Case.id))
        .where(CaseItem.evidence_id == item_id)
    )
    return (await session.exec(query)).all()


async def link_item(session: AsyncSession, case_id: uuid.UUID, item_id: uuid.UUID) -> None:
    stmt = (
        insert(CaseItem)
        .values(case_id=case_id, evidence_id=item_id)
        .on_conflict_do_nothing(index_elements=["case_id", "evidence_id"])
    )
    await session.execute(stmt)


async def item_by_derived_key(session: AsyncSession, key: str) -> EvidenceItem | None:
    query = select(EvidenceItem).where(EvidenceItem.derived_key == key)
    return (await session.exec(query)).first()


async def active_grants_for(
    session: AsyncSession, object_ids: list[uuid.UUID], grantees: list[uuid.UUID], now: datetime
) -> Sequence[Grant]:
    query = select(Grant).where(
        col(Grant.object_id).in_(object_ids),
        col(Grant.grantee_id).in_(grantees),
        col(Grant.revoked_at).is_(None),
        or_(col(Grant.expires_at).is_(None), col(Grant.expires_at) > now),
    )
    return (await session.exec(query)).all()


async def shared_case_ids(
    session: AsyncSession, grantees: list[uuid.UUID], now: datetime
) -> list[uuid.UUID]:
    query = select(Grant.object_id).where(
        Grant.object_type == "case",
        col(Grant.grantee_id).in_(grantees),
        col(Grant.revoked_at).is_(None),
        or_(col(Grant.expires_at).is_(None), col(Grant.expires_at) > now),
    )
    return list((await session.exec(query)).all())


async def cases_by_ids(session: AsyncSession, ids: list[uuid.UUID]) -> Sequence[Case]:
    query = select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.created_at).desc())
    return (await session.exec(query)).all()


async def grants_on(session: AsyncSession, object_id: uuid.UUID) -> Sequence[Grant]:
    query = select(Grant).where(Grant.object_id == object_id).order_by(col(Grant.created_at))
    return (await session.exec(query)).all()


async def share_links_on(session: AsyncSession, object_id: uuid.UUID) -> Sequence[ShareLink]:
    query = select(ShareLink).where(ShareLink.object_id == object_id)
    return (await session.exec(query.order_by(col(ShareLink.created_at)))).all()


async def share_link_by_hash(session: AsyncSession, token_hash: str) -> ShareLink | None:
    query = select(ShareLink).where(ShareLink.token_hash == token_hash)
    return (await session.exec(query)).first()


async def file_request_by_hash(session: AsyncSession, token_hash: str) -> FileRequest | None:
    query = select(FileRequest).where(FileRequest.token_hash == token_hash)
    return (await session.exec(query)).first()


async def file_requests_of(session: AsyncSession, case_id: uuid.UUID) -> Sequence[FileRequest]:
    query = (
        select(FileRequest)
        .where(FileRequest.case_id == case_id)
        .order_by(col(FileRequest.created_at))
    )
    return (await session.exec(query)).all()


async def comments_on(session: AsyncSession, item_id: uuid.UUID) -> Sequence[Comment]:
    query = select(Comment).where(Comment.evidence_id == item_id).order_by(col(Comment.created_at))
    return (await session.exec(query)).all()


async def blocks_of(session: AsyncSession, sha256: str) -> ObjectBlocks | None:
    return await session.get(ObjectBlocks, sha256)


async def save_blocks(session: AsyncSession, sha256: str, block_size: int, hashes: bytes) -> None:
    stmt = (
        insert(ObjectBlocks)
        .values(sha256=sha256, block_size=block_size, hashes=hashes)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    await session.execute(stmt)


async def mark_verified(session: AsyncSession, sha256: str, at: datetime) -> None:
    """A read has just checked blocks of this content against their recorded hashes."""
    stmt = update(ObjectBlocks).where(col(ObjectBlocks.sha256) == sha256).values(verified_at=at)
    await session.execute(stmt)


async def next_pending_item(session: AsyncSession, at: datetime) -> EvidenceItem | None:
    """The oldest pending item that is due, row-locked (SKIP LOCKED) so that one worker
    claims it; the caller commits the claim at once rather than holding the lock."""
    after = col(EvidenceItem.processing_after)
    due = or_(after.is_(None), after <= at)
    query = (
        select(EvidenceItem)
        .where(EvidenceItem.processing == "pending", due)
        .order_by(col(EvidenceItem.created_at))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).first()


async def policies_of(session: AsyncSession, org_id: uuid.UUID) -> dict[str, int]:
    query = select(RetentionPolicy).where(RetentionPolicy.org_id == org_id)
    return {p.category: p.days for p in (await session.exec(query)).all()}


async def upsert_policy(session: AsyncSession, org_id: uuid.UUID, category: str, days: int) -> None:
    stmt = (
        insert(RetentionPolicy)
        .values(org_id=org_id, category=category, days=days)
        .on_conflict_do_update(index_elements=["org_id", "category"], set_={"days": days})
    )
    await session.execute(stmt)


async def live_items(session: AsyncSession, limit: int) -> Sequence[EvidenceItem]:
    """Items not yet deleted, oldest first: the retention sweep's candidates."""
    query = (
        select(EvidenceItem)
        .where(col(EvidenceItem.deleted_at).is_(None))
        .order_by(col(EvidenceItem.created_at))
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def deleted_items(session: AsyncSession, before: datetime) -> Sequence[EvidenceItem]:
    query = (
        select(EvidenceItem)
        .where(col(EvidenceItem.deleted_at) <= before, col(EvidenceItem.purged_at).is_(None))
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).all()


async def others_using_object(session: AsyncSession, object_key: str, item_id: uuid.UUID) -> bool:
    query = (
        select(func.count())
        .select_from(EvidenceItem)
        .where(
            EvidenceItem.object_key == object_key,
            EvidenceItem.id != item_id,
            col(EvidenceItem.purged_at).is_(None),
        )
    )
    return int((await session.exec(query)).one()) > 0

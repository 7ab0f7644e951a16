"""Disclosure rows: insert-only, read by id (within an organization) or by token hash; and
the builds behind them: state, progress and the lease of the builder working on one."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit.adapters.orm import Disclosure, DisclosureAcknowledgement, DisclosureBuild


async def add(session: AsyncSession, disclosure: Disclosure) -> None:
    session.add(disclosure)
    await session.flush()


async def get(
    session: AsyncSession, disclosure_id: uuid.UUID, org_id: uuid.UUID | None
) -> Disclosure | None:
    found = await session.get(Disclosure, disclosure_id)
    if found is None or (org_id is not None and found.org_id != org_id):
        return None
    return found


async def packages(session: AsyncSession, ids: list[uuid.UUID]) -> list[Disclosure]:
    query = select(Disclosure).where(col(Disclosure.id).in_(ids))
    return list((await session.exec(query)).all())


async def by_token_hash(session: AsyncSession, token_hash: bytes) -> Disclosure | None:
    query = select(Disclosure).where(Disclosure.token_hash == token_hash)
    return (await session.exec(query)).first()


async def acknowledgement(
    session: AsyncSession, disclosure_id: uuid.UUID
) -> DisclosureAcknowledgement | None:
    return await session.get(DisclosureAcknowledgement, disclosure_id)


async def acknowledge(session: AsyncSession, ack: DisclosureAcknowledgement) -> bool:
    """False when the disclosure was acknowledged already (the primary key says so)."""
    try:
        async with session.begin_nested():
            session.add(ack)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def add_build(session: AsyncSession, build: DisclosureBuild) -> None:
    session.add(build)
    await session.flush()


async def get_build(
    session: AsyncSession, build_id: uuid.UUID, org_id: uuid.UUID | None
) -> DisclosureBuild | None:
    found = await session.get(DisclosureBuild, build_id)
    if found is None or (org_id is not None and found.org_id != org_id):
        return None
    return found


async def case_builds(
    session: AsyncSession, case_id: uuid.UUID, org_id: uuid.UUID | None, limit: int
) -> list[DisclosureBuild]:
    query = select(DisclosureBuild).where(DisclosureBuild.case_id == case_id)
    if org_id is not None:
        query = query.where(DisclosureBuild.org_id == org_id)
    query = query.order_by(col(DisclosureBuild.created_at).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def acknowledgements(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, DisclosureAcknowledgement]:
    query = select(DisclosureAcknowledgement).where(
        col(DisclosureAcknowledgement.disclosure_id).in_(ids)
    )
    return {a.disclosure_id: a for a in (await session.exec(query)).all()}


async def claim_build(session: AsyncSession, lease: timedelta) -> DisclosureBuild | None:
    """The oldest build no builder holds (never claimed, or its lease ran out: its builder
    died), now leased to the caller; attempts counts the claims."""
    free = (
        select(DisclosureBuild.id)
        .where(DisclosureBuild.state == "building")
        .where(
            (col(DisclosureBuild.lease_until).is_(None))
            | (DisclosureBuild.lease_until < func.now())
        )
        .order_by(col(DisclosureBuild.created_at))
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = await _update(
        session,
        DisclosureBuild.id == free,
        lease_until=func.now() + lease,
        attempts=DisclosureBuild.attempts + 1,
    )
    if claimed is None:
        return None
    found = await session.get(DisclosureBuild, claimed, populate_existing=True)
    return found


async def update_build(
    session: AsyncSession, build_id: uuid.UUID, attempt: int, **values: Any
) -> bool:
    """Changes a build still "building" under this attempt's lease; False if it is not."""
    held = (
        (DisclosureBuild.id == build_id)
        & (DisclosureBuild.attempts == attempt)
        & (DisclosureBuild.state == "building")
    )
    return await _update(session, held, **values) is not None


async def _update(session: AsyncSession, where: Any, **values: Any) -> uuid.UUID | None:
    statement = (
        update(DisclosureBuild)
        .where(where)
        .values(**values, updated_at=func.now())
        .returning(DisclosureBuild.id)
    )
    result = await session.exec(statement)  # type: ignore[call-overload]
    return result.scalar_one_or_none()  # type: ignore[no-any-return]


def in_database_time(delta: timedelta) -> Any:
    """The database's now() plus delta, for a lease (one clock for every builder)."""
    return func.now() + delta

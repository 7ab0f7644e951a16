"""Ledger reads by object, case, actor and time, scoped to what the caller may see."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit.adapters.orm import LedgerEntry
from audit.domain.entries import Visibility
from audit.domain.queries import RecordQuery

_record: Any = col(LedgerEntry.record)


async def find(
    session: AsyncSession, query: RecordQuery, visible: Visibility, limit: int
) -> Sequence[LedgerEntry]:
    """Entries matching every filter, in ledger order, among those the caller may see."""
    statement = select(LedgerEntry).where(col(LedgerEntry.idx) >= query.start_index)
    for condition in _conditions(query):
        statement = statement.where(condition)
    if visible.org_id is not None:
        statement = statement.where(_record["org_ids"].contains([str(visible.org_id)]))
    if visible.actor_id is not None:
        statement = statement.where(_record["actor_id"].astext == visible.actor_id)
    return (await session.exec(statement.order_by(col(LedgerEntry.idx)).limit(limit))).all()


def _conditions(query: RecordQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.object_id:
        conditions.append(col(LedgerEntry.object_id) == query.object_id)
    if query.case_id:
        conditions.append(_about_case(query.case_id))
    if query.actor_id:
        conditions.append(_record["actor_id"].astext == query.actor_id)
    occurred_at = func.audit.record_time(_record)
    if query.since:
        conditions.append(occurred_at >= query.since)
    if query.until:
        conditions.append(occurred_at < query.until)
    return conditions


def _about_case(case_id: str) -> Any:
    """The case itself, or anything whose details name it as case_id."""
    return or_(
        (_record["object_type"].astext == "case") & (col(LedgerEntry.object_id) == case_id),
        _record["details"]["case_id"].astext == case_id,
    )

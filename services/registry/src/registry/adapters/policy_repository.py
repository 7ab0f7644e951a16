"""Camera groups and per-org request settings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from registry.adapters.orm import CameraGroupRow, CameraRow, RequestSettingsRow
from registry.domain.policies import CameraGroup, RequestSettings


class PolicyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save_group(self, group: CameraGroup) -> None:
        fields = {**vars(group), "approver_user_ids": list(group.approver_user_ids)}
        await self._session.merge(CameraGroupRow(**fields))

    async def group(self, group_id: uuid.UUID, *, for_update: bool = False) -> CameraGroup | None:
        statement = select(CameraGroupRow).where(col(CameraGroupRow.id) == group_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.exec(statement)).first()
        return _group(row) if row else None

    async def groups(self, group_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, CameraGroup]:
        statement = select(CameraGroupRow).where(col(CameraGroupRow.id).in_(list(group_ids)))
        return {row.id: _group(row) for row in (await self._session.exec(statement)).all()}

    async def groups_of_org(self, org_id: uuid.UUID) -> list[tuple[CameraGroup, int]]:
        """The org's groups by name, each with how many cameras it holds."""
        count = (
            select(func.count())
            .where(col(CameraRow.group_id) == col(CameraGroupRow.id))
            .scalar_subquery()
        )
        statement = (
            select(CameraGroupRow, count)
            .where(col(CameraGroupRow.org_id) == org_id)
            .order_by(col(CameraGroupRow.name))
        )
        rows = (await self._session.exec(statement)).all()
        return [(_group(row), int(n)) for row, n in rows]

    async def name_taken(self, org_id: uuid.UUID, name: str, but: uuid.UUID | None) -> bool:
        statement = select(CameraGroupRow.id).where(
            col(CameraGroupRow.org_id) == org_id, col(CameraGroupRow.name) == name
        )
        found = (await self._session.exec(statement)).first()
        return found is not None and found != but

    async def settings(self, org_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, RequestSettings]:
        """Saved settings per org; an org that never saved any gets the defaults."""
        wanted = set(org_ids)
        statement = select(RequestSettingsRow).where(col(RequestSettingsRow.org_id).in_(wanted))
        saved = {row.org_id: _settings(row) for row in (await self._session.exec(statement)).all()}
        return {org: saved.get(org, RequestSettings(org)) for org in wanted}

    async def save_settings(self, settings: RequestSettings, now: datetime) -> None:
        fields = {
            **vars(settings),
            "approver_user_ids": list(settings.approver_user_ids),
            "auto_approve_org_ids": list(settings.auto_approve_org_ids),
        }
        await self._session.merge(RequestSettingsRow(**fields, updated_at=now))


def _group(row: CameraGroupRow) -> CameraGroup:
    return CameraGroup(
        id=row.id,
        org_id=row.org_id,
        name=row.name,
        approver_user_ids=tuple(row.approver_user_ids),
        created_at=row.created_at,
    )


def _settings(row: RequestSettingsRow) -> RequestSettings:
    return RequestSettings(
        org_id=row.org_id,
        approver_user_ids=tuple(row.approver_user_ids),
        auto_approve_org_ids=tuple(row.auto_approve_org_ids),
        export_before_approval=row.export_before_approval,
        max_span_hours=row.max_span_hours,
        sla_hours=row.sla_hours,
    )

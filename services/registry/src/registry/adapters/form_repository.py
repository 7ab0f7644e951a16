"""Published request form versions (rows are only ever inserted)."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from sqlalchemy import func, text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from registry.adapters.orm import FormVersionRow
from registry.domain.forms import FormField, FormVersion


class FormRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, form: FormVersion) -> None:
        fields = [asdict(f) for f in form.fields]
        self._session.add(FormVersionRow(**{**vars(form), "fields": fields}))

    async def next_version(self, org_id: uuid.UUID) -> int:
        """The org's next version number, with the org's publishes serialized until the
        transaction ends, so two concurrent publishes cannot take the same number."""
        await self._session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('request_form:' || :org))"),
            {"org": str(org_id)},
        )
        statement = select(func.max(FormVersionRow.version)).where(
            col(FormVersionRow.org_id) == org_id
        )
        return int((await self._session.exec(statement)).one() or 0) + 1

    async def get(self, org_id: uuid.UUID, version_id: uuid.UUID | None) -> FormVersion | None:
        """That version of the org's form, or the newest when ``version_id`` is None."""
        statement = select(FormVersionRow).where(col(FormVersionRow.org_id) == org_id)
        if version_id is not None:
            statement = statement.where(col(FormVersionRow.id) == version_id)
        statement = statement.order_by(col(FormVersionRow.version).desc()).limit(1)
        row = (await self._session.exec(statement)).first()
        return _form(row) if row else None

    async def all_of(self, org_id: uuid.UUID) -> list[FormVersion]:
        statement = (
            select(FormVersionRow)
            .where(col(FormVersionRow.org_id) == org_id)
            .order_by(col(FormVersionRow.version).desc())
        )
        return [_form(row) for row in (await self._session.exec(statement)).all()]


def _form(row: FormVersionRow) -> FormVersion:
    fields = tuple(FormField(**{**f, "options": tuple(f.get("options", ()))}) for f in row.fields)
    return FormVersion(
        id=row.id,
        org_id=row.org_id,
        version=row.version,
        title=row.title,
        fields=fields,
        published_by=row.published_by,
        published_at=row.published_at,
    )

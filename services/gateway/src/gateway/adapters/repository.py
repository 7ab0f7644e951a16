"""Queries the identity use cases need; inserts never overwrite (ON CONFLICT DO NOTHING)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from custody_platform.db import contains_pattern
from sqlalchemy import func, or_
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import Organization, User
from gateway.domain.people import PeopleQuery


class IdentityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_org(self, org: Organization) -> bool:
        """False when an organization of that name exists (concurrent creators included)."""
        return await self._insert_new(Organization, org.model_dump(), "name")

    async def add_user(self, user: User) -> bool:
        """False when the email is taken."""
        return await self._insert_new(User, user.model_dump(), "email")

    async def org(self, org_id: uuid.UUID) -> Organization | None:
        return await self.session.get(Organization, org_id)

    async def orgs(self, org_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        """Many organizations in one query (the owners of a page of cameras)."""
        wanted = list(set(org_ids))
        if not wanted:
            return {}
        result = await self.session.exec(
            select(Organization).where(col(Organization.id).in_(wanted))
        )
        return {org.id: org for org in result.all()}

    async def orgs_named(self, text: str, limit: int) -> list[Organization]:
        """Organizations whose name holds ``text`` (any case), by name."""
        pattern = contains_pattern(text)
        query = select(Organization).where(col(Organization.name).ilike(pattern))
        result = await self.session.exec(query.order_by(col(Organization.name)).limit(limit))
        return list(result.all())

    async def ensure_org(self, name: str) -> Organization:
        """The organization of that name, created unless it exists (or a concurrent insert won)."""
        await self.add_org(Organization(name=name))
        result = await self.session.exec(select(Organization).where(Organization.name == name))
        return result.one()

    async def user(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def user_by_email(self, email: str) -> User | None:
        result = await self.session.exec(select(User).where(User.email == email))
        return result.first()

    async def members(self, org_id: uuid.UUID, role: str | None = None) -> list[User]:
        query = select(User).where(User.org_id == org_id, col(User.is_active).is_(True))
        if role:
            query = query.where(col(User.roles).any_() == role)
        result = await self.session.exec(query.order_by(col(User.email)))
        return list(result.all())

    async def people(self, org_id: uuid.UUID, found: PeopleQuery) -> tuple[list[User], int]:
        """A page of the organization's users matching ``found`` by email after
        ``found.after``, and how many match in all."""
        where = [User.org_id == org_id]
        if found.text:
            pattern = contains_pattern(found.text)
            where.append(or_(col(User.email).ilike(pattern), col(User.display_name).ilike(pattern)))
        if found.role:
            where.append(col(User.roles).any_() == found.role)
        if found.active is not None:
            where.append(col(User.is_active).is_(found.active))
        total = await self.session.exec(select(func.count()).select_from(User).where(*where))
        query = select(User).where(*where)
        if found.after:
            query = query.where(col(User.email) > found.after)
        page = await self.session.exec(query.order_by(col(User.email)).limit(found.limit))
        return list(page.all()), total.one()

    async def _insert_new(self, table: Any, values: dict[str, Any], unique: str) -> bool:
        statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=[unique])
        result = await self.session.execute(statement.returning(table.id))
        return result.scalar_one_or_none() is not None

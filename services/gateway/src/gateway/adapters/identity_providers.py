"""Queries of organizations' OpenID Connect providers and the sign-ins waiting for them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import IdentityProvider, OidcFlow, User

SWEEP = 100


class IdentityProviders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_org(self, org_id: uuid.UUID) -> IdentityProvider | None:
        return await self.session.get(IdentityProvider, org_id)

    async def for_domain(self, domain: str) -> IdentityProvider | None:
        """The enabled provider that signs in the people of an email domain."""
        query = select(IdentityProvider).where(
            col(IdentityProvider.enabled),
            func.array_position(col(IdentityProvider.email_domains), domain).is_not(None),
        )
        return (await self.session.exec(query)).first()

    async def domains_taken(self, org_id: uuid.UUID, domains: list[str]) -> list[str]:
        """Which of these email domains another organization's provider already has."""
        query = select(IdentityProvider.email_domains).where(IdentityProvider.org_id != org_id)
        taken = {d for row in (await self.session.exec(query)).all() for d in row}
        return [d for d in domains if d in taken]

    def add(self, row: IdentityProvider | OidcFlow) -> None:
        self.session.add(row)

    async def take_flow(self, state_sha256: str) -> OidcFlow | None:
        """The waiting sign-in of that state, deleted as it is read: a state is good once."""
        statement = (
            delete(OidcFlow)
            .where(col(OidcFlow.state_sha256) == state_sha256)
            .returning(*OidcFlow.__table__.columns)  # type: ignore[attr-defined]
        )
        row = (await self.session.execute(statement)).mappings().first()
        return OidcFlow.model_validate(dict(row)) if row is not None else None

    async def sweep_flows(self, now: datetime) -> None:
        stale = select(OidcFlow.state_sha256).where(col(OidcFlow.expires_at) < now).limit(SWEEP)
        await self.session.execute(delete(OidcFlow).where(col(OidcFlow.state_sha256).in_(stale)))

    async def user_by_subject(self, issuer: str, subject: str) -> User | None:
        query = select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
        return (await self.session.exec(query)).first()

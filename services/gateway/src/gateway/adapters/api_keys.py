"""API keys in Postgres, and each key's request limit (counted with the platform's
`RateLimiter` in its own short transaction, so a refused request still counts)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from custody_platform.ratelimit import RateLimiter, Verdict
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import ApiKey

WINDOW_SECONDS = 60


class ApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, key: ApiKey) -> None:
        self.session.add(key)

    async def by_prefix(self, prefix: str) -> ApiKey | None:
        return (await self.session.exec(select(ApiKey).where(ApiKey.prefix == prefix))).first()

    async def of_org(self, org_id: uuid.UUID) -> Sequence[ApiKey]:
        query = (
            select(ApiKey)
            .where(ApiKey.org_id == org_id)
            .order_by(col(ApiKey.created_at).desc(), col(ApiKey.id))
        )
        return (await self.session.exec(query)).all()

    async def one_of_org(self, org_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey | None:
        query = select(ApiKey).where(ApiKey.id == key_id, ApiKey.org_id == org_id)
        return (await self.session.exec(query.with_for_update())).first()


class ApiKeyLimits:
    """Requests per key per minute, the key's own limit, shared by every replica."""

    def __init__(self, engine: AsyncEngine, schema: str) -> None:
        self._engine = engine
        self._schema = schema

    async def hit(self, key_id: uuid.UUID, per_minute: int) -> Verdict:
        limiter = RateLimiter(
            self._engine, self._schema, limit=per_minute, window_seconds=WINDOW_SECONDS
        )
        return await limiter.hit(f"api-key:{key_id}")

"""Queries of TOTP credentials and of sign-ins waiting for their second factor."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.adapters.orm import MfaChallenge, TotpCredential

_SWEEP_ROWS = 100


class MfaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def credential(
        self, user_id: uuid.UUID, *, for_update: bool = False
    ) -> TotpCredential | None:
        """Locked when a code or recovery code is checked, so each is used once however many
        requests present it at the same time."""
        query = select(TotpCredential).where(col(TotpCredential.user_id) == user_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def confirmed(
        self, user_id: uuid.UUID, *, for_update: bool = False
    ) -> TotpCredential | None:
        found = await self.credential(user_id, for_update=for_update)
        return found if found is not None and found.confirmed_at is not None else None

    def add(self, row: TotpCredential | MfaChallenge) -> None:
        self.session.add(row)

    async def remove(self, row: TotpCredential | MfaChallenge) -> None:
        await self.session.delete(row)

    async def challenge(self, token_sha256: str) -> MfaChallenge | None:
        query = select(MfaChallenge).where(col(MfaChallenge.token_sha256) == token_sha256)
        return (await self.session.execute(query.with_for_update())).scalar_one_or_none()

    async def sweep_challenges(self, now: datetime) -> None:
        """Delete a few challenges past their end: the table stays as small as pending sign-ins."""
        ended = select(MfaChallenge.token_sha256).where(col(MfaChallenge.expires_at) < now)
        keys = ended.limit(_SWEEP_ROWS).scalar_subquery()
        await self.session.execute(
            delete(MfaChallenge).where(col(MfaChallenge.token_sha256).in_(keys))
        )

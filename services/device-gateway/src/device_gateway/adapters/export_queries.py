"""An organization's export commands, newest first (decision 0036)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import tuple_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from device_gateway.adapters.orm import Command


async def org_exports(
    session: AsyncSession,
    org_id: uuid.UUID,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Command]:
    query = select(Command).where(Command.org_id == org_id, Command.kind == "export")
    if after is not None:
        query = query.where(tuple_(col(Command.created_at), col(Command.id)) < tuple_(*after))
    query = query.order_by(col(Command.created_at).desc(), col(Command.id).desc())
    return (await session.exec(query.limit(limit))).all()

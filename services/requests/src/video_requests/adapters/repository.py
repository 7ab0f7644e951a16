"""Queries used by the service layer. Deciders lock the request row, then the line item
(always in that order, so two deciders never deadlock), and see committed state only.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import exists, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from video_requests.adapters.orm import LineItem, VideoRequest

LIST_LIMIT = 200
T = TypeVar("T")


class RequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, request: VideoRequest, items: Sequence[LineItem]) -> None:
        self._session.add(request)
        await self._session.flush()  # no ORM relationship orders the inserts: the FK needs this
        self._session.add_all(items)

    def detach_all(self) -> None:
        """Keep loaded rows readable after a read-only unit of work rolls back and closes."""
        self._session.expunge_all()

    async def get(self, request_id: uuid.UUID) -> VideoRequest | None:
        return await self._session.get(VideoRequest, request_id)

    async def items(self, request_id: uuid.UUID) -> list[LineItem]:
        return (await self.items_of([request_id]))[request_id]

    async def items_of(self, request_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[LineItem]]:
        statement = (
            select(LineItem)
            .where(col(LineItem.request_id).in_(request_ids))
            .order_by(col(LineItem.request_id), col(LineItem.position))
        )
        grouped: dict[uuid.UUID, list[LineItem]] = defaultdict(list)
        for item in (await self._session.exec(statement)).all():
            grouped[item.request_id].append(item)
        return grouped

    async def lock_item(self, line_item_id: uuid.UUID) -> tuple[VideoRequest, LineItem] | None:
        """The line item and its request, both locked FOR UPDATE until the transaction ends."""
        found = select(LineItem.request_id).where(col(LineItem.id) == line_item_id)
        request_id = (await self._session.exec(found)).first()
        if request_id is None:
            return None
        request = await self._locked(select(VideoRequest).where(col(VideoRequest.id) == request_id))
        item = await self._locked(select(LineItem).where(col(LineItem.id) == line_item_id))
        return request, item

    async def _locked(self, statement: SelectOfScalar[T]) -> T:
        locked = statement.with_for_update().execution_options(populate_existing=True)
        return (await self._session.exec(locked)).one()

    async def list_for_org(self, org_id: uuid.UUID, status: str | None) -> list[VideoRequest]:
        """Newest requests the organization made or owns a camera in."""
        owns_item = exists().where(
            col(LineItem.request_id) == col(VideoRequest.id), col(LineItem.owner_org_id) == org_id
        )
        statement = select(VideoRequest).where(
            or_(col(VideoRequest.requester_org_id) == org_id, owns_item)
        )
        if status:
            statement = statement.where(col(VideoRequest.status) == status)
        statement = statement.order_by(col(VideoRequest.created_at).desc()).limit(LIST_LIMIT)
        return list((await self._session.exec(statement)).all())

"""Queries used by the service layer. Deciders lock the request row, then the line item
(always in that order, so two deciders never deadlock), and see committed state only.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from custody_contracts.principal import ROLE_APPROVER, ROLE_ORG_ADMIN, Principal
from custody_platform.errors import Conflict
from sqlalchemy import and_, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from video_requests.adapters.orm import FormSubmission, LineItem, Message, VideoRequest
from video_requests.domain.line_items import UNDECIDED

T = TypeVar("T")

IDEMPOTENCY_INDEX = "video_requests_idempotency"


def _constraint(exc: IntegrityError) -> str | None:
    diag = getattr(exc.orig, "diag", None)
    return getattr(diag, "constraint_name", None)


class RequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        request: VideoRequest,
        items: Sequence[LineItem],
        forms: Sequence[FormSubmission] = (),
    ) -> None:
        self._session.add(request)
        try:
            await self._session.flush()  # no ORM relationship orders the inserts: the FK needs it
        except IntegrityError as exc:
            if _constraint(exc) == IDEMPOTENCY_INDEX:  # the same key, submitted meanwhile
                raise Conflict(
                    "a request with this Idempotency-Key is being submitted: retry to read it"
                ) from exc
            raise
        self._session.add_all([*items, *forms])

    async def by_idempotency_key(self, user_id: uuid.UUID, key: str) -> VideoRequest | None:
        query = select(VideoRequest).where(
            VideoRequest.requester_user_id == user_id, VideoRequest.idempotency_key == key
        )
        return (await self._session.exec(query)).first()

    def add_message(self, message: Message) -> None:
        self._session.add(message)

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

    async def waiting_for(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[tuple[VideoRequest, LineItem]], int]:
        """The line items ``principal`` may decide that wait for a decision: its org's, named
        to it, or named to nobody when its role decides; the earliest due first (none due
        last), then the oldest request. And how many there are."""
        named = col(LineItem.approver_user_ids).any(principal.user_id)
        if principal.has_role(ROLE_APPROVER, ROLE_ORG_ADMIN):
            named = or_(named, func.cardinality(col(LineItem.approver_user_ids)) == 0)
        waiting = and_(
            col(LineItem.owner_org_id) == principal.org_id,
            col(LineItem.status).in_(UNDECIDED),
            named,
        )
        statement = (
            select(VideoRequest, LineItem)
            .join(LineItem, col(LineItem.request_id) == col(VideoRequest.id))
            .where(waiting)
            .order_by(
                col(LineItem.due_at).asc().nulls_last(),
                col(VideoRequest.created_at),
                col(LineItem.id),
            )
            .limit(limit)
            .offset(offset)
        )
        found = [(request, item) for request, item in (await self._session.exec(statement)).all()]
        counted = select(func.count()).select_from(LineItem).where(waiting)
        return found, (await self._session.exec(counted)).one()

    async def forms(self, request_id: uuid.UUID) -> list[FormSubmission]:
        statement = select(FormSubmission).where(col(FormSubmission.request_id) == request_id)
        return list((await self._session.exec(statement)).all())

    async def messages(self, request_id: uuid.UUID) -> list[Message]:
        statement = (
            select(Message)
            .where(col(Message.request_id) == request_id)
            .order_by(col(Message.created_at), col(Message.id))
        )
        return list((await self._session.exec(statement)).all())

    async def lock_item(self, line_item_id: uuid.UUID) -> tuple[VideoRequest, LineItem] | None:
        """The line item and its request, both locked FOR UPDATE until the transaction ends."""
        found = select(LineItem.request_id).where(col(LineItem.id) == line_item_id)
        request_id = (await self._session.exec(found)).first()
        if request_id is None:
            return None
        request = await self._locked(select(VideoRequest).where(col(VideoRequest.id) == request_id))
        item = await self._locked(select(LineItem).where(col(LineItem.id) == line_item_id))
        return request, item

    async def lock_request(
        self, request_id: uuid.UUID
    ) -> tuple[VideoRequest, list[LineItem]] | None:
        """The request and all its items, locked in the deciders' order (request first)."""
        statement = select(VideoRequest).where(col(VideoRequest.id) == request_id)
        request = (await self._session.exec(_for_update(statement))).first()
        if request is None:
            return None
        items = select(LineItem).where(col(LineItem.request_id) == request_id)
        locked = await self._session.exec(_for_update(items.order_by(col(LineItem.position))))
        return request, list(locked.all())

    async def _locked(self, statement: SelectOfScalar[T]) -> T:
        return (await self._session.exec(_for_update(statement))).one()

    async def sla_candidates(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Undecided items whose reminder is due and not sent, or whose due date has passed."""
        reminder_due = and_(col(LineItem.remind_at) <= now, col(LineItem.reminded_at).is_(None))
        statement = (
            select(LineItem.id)
            .where(col(LineItem.status).in_(UNDECIDED))
            .where(or_(reminder_due, col(LineItem.due_at) <= now))
            .order_by(col(LineItem.due_at))
            .limit(limit)
        )
        return list((await self._session.exec(statement)).all())


def _for_update(statement: SelectOfScalar[T]) -> SelectOfScalar[T]:
    return statement.with_for_update().execution_options(populate_existing=True)

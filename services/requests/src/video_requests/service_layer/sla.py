"""The SLA clock's moves: remind approvers once before an item's due date, expire it after.

Both moves are recorded on the row (reminded_at, status) under a row lock, so a restart or a
second worker never repeats one. The worker (entrypoints/workers.py) reads the due items, then
gives each its own short transaction: one slow or failing item never holds the others' locks.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_platform.unit_of_work import UnitOfWork

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.line_items import UNDECIDED
from video_requests.service_layer import events
from video_requests.service_layer.audit import SELF, item_changed
from video_requests.service_layer.progress import now, record_progress

BATCH = 100


async def due_line_items(uow: UnitOfWork) -> list[uuid.UUID]:
    """Up to BATCH undecided items whose reminder or expiry is due now."""
    return await RequestRepository(uow.session).sla_candidates(now(), BATCH)


async def apply_sla(uow: UnitOfWork, line_item_id: uuid.UUID) -> str | None:
    """Expires the item ("expired"), or reminds its approvers ("reminded"); None if neither
    is due (any more)."""
    repo = RequestRepository(uow.session)
    found = await repo.lock_item(line_item_id)
    if found is None or found[1].status not in UNDECIDED or found[1].due_at is None:
        return None  # decided since the candidates were read
    request, item = found
    current = now()
    if item.due_at <= current:
        await _expire(uow, repo, request, item)
        return "expired"
    if item.reminded_at is None and item.remind_at is not None and item.remind_at <= current:
        _remind(uow, request, item, current)
        return "reminded"
    return None


async def _expire(
    uow: UnitOfWork, repo: RequestRepository, request: VideoRequest, item: LineItem
) -> None:
    assert item.due_at is not None
    previous = item.status
    lifecycle.expire(item)
    await record_progress(repo, request, item)
    uow.emit(events.status_changed(request, item, previous, reason=item.reason))
    item_changed(
        uow,
        SELF,
        "line_item.expired",
        request,
        item,
        reason=item.reason,
        due_at=item.due_at.isoformat(),
    )


def _remind(uow: UnitOfWork, request: VideoRequest, item: LineItem, current: datetime) -> None:
    assert item.due_at is not None
    item.reminded_at = current
    uow.emit(events.due_soon(request, item))
    item_changed(
        uow, SELF, "line_item.reminder_sent", request, item, due_at=item.due_at.isoformat()
    )

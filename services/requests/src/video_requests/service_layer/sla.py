"""The SLA worker's pass: remind approvers once before an item's due date, expire it after.

Each item is handled in its own transaction under a row lock, and both moves are recorded
on the row (reminded_at, status), so a restart or a second worker never repeats one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.repository import RequestRepository
from video_requests.domain import lifecycle
from video_requests.domain.line_items import UNDECIDED
from video_requests.service_layer import events
from video_requests.service_layer.audit import item_changed
from video_requests.service_layer.progress import now, record_progress

SELF = Actor.service("requests")
BATCH = 100


async def sla_pass(uow_factory: Callable[[], UnitOfWork]) -> int:
    """Handles every item due for a reminder or expiry now; returns how many it changed."""
    async with uow_factory() as uow:
        candidates = await RequestRepository(uow.session).sla_candidates(now(), BATCH)
    changed = 0
    for line_item_id in candidates:
        changed += await _handle(uow_factory(), line_item_id)
    return changed


async def _handle(uow: UnitOfWork, line_item_id: uuid.UUID) -> int:
    async with uow:
        repo = RequestRepository(uow.session)
        found = await repo.lock_item(line_item_id)
        if found is None or found[1].status not in UNDECIDED or found[1].due_at is None:
            return 0  # decided since the candidates were read
        request, item = found
        current = now()
        if item.due_at <= current:
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
        elif item.reminded_at is None and item.remind_at is not None and item.remind_at <= current:
            item.reminded_at = current
            uow.emit(events.due_soon(request, item))
            item_changed(
                uow, SELF, "line_item.reminder_sent", request, item, due_at=item.due_at.isoformat()
            )
        else:
            return 0
        await uow.commit()
    return 1

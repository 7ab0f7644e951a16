"""The caller's own in-app notifications: list, count, mark read. Every query is scoped to the
calling user (and its organization): another user's notification does not exist for it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters import inbox_repository
from notifier.adapters.inbox_repository import Owner
from notifier.adapters.orm import InAppNotification

DEFAULT_PAGE = 50
MAX_PAGE = 500


@dataclass(frozen=True)
class Page:
    items: list[InAppNotification]
    total: int  # matching the filter
    unread: int  # all the caller's unread ones


def owner_of(principal: Principal) -> Owner:
    return Owner(principal.user_id, principal.org_id)


async def list_notifications(
    uow: UnitOfWork, principal: Principal, read: bool | None, limit: int, offset: int
) -> Page:
    """Newest first; ``read`` False for unread ones only, True for read ones, None for all."""
    owner = owner_of(principal)
    size = min(limit, MAX_PAGE) if limit > 0 else DEFAULT_PAGE
    items, total = await inbox_repository.page(uow.session, owner, read, size, max(offset, 0))
    unread = await inbox_repository.count_unread(uow.session, owner)
    return Page(items, total, unread)


async def count_unread(uow: UnitOfWork, principal: Principal) -> int:
    return await inbox_repository.count_unread(uow.session, owner_of(principal))


async def mark_read(
    uow: UnitOfWork, principal: Principal, notification_id: uuid.UUID
) -> InAppNotification:
    """Marking an already read notification again keeps its first read time."""
    found = await inbox_repository.get(uow.session, owner_of(principal), notification_id)
    if found is None:
        raise NotFound("no such notification")
    if found.read_at is None:
        found.read_at = datetime.now(UTC)
        uow.session.add(found)
    return found


async def mark_all_read(uow: UnitOfWork, principal: Principal) -> int:
    """How many were unread."""
    return await inbox_repository.mark_all_read(uow.session, owner_of(principal), datetime.now(UTC))

"""Keeping a request's rolled-up status in step with its line items."""

from __future__ import annotations

from datetime import UTC, datetime

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain.requests import rollup


def now() -> datetime:
    return datetime.now(UTC)


async def record_progress(
    repo: RequestRepository, request: VideoRequest, *changed: LineItem
) -> list[LineItem]:
    """Stamp the changed items, roll the request's status up; returns all its items."""
    stamp = now()
    for item in changed:
        item.updated_at = stamp
    items = await repo.items(request.id)
    request.status = rollup(item.status for item in items)
    request.version += 1
    return items

"""Searching request records: the caller's visibility first, then the filters asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custody_contracts.principal import Principal
from custody_platform.db import contains_pattern
from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.domain.access import is_guest
from video_requests.domain.commands import RequestFilter


def _has_item(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(col(LineItem.request_id) == col(VideoRequest.id), *conditions)


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Guests: their own requests. Members: their organization's, and those naming its cameras."""
    if is_guest(principal):
        return col(VideoRequest.requester_user_id) == principal.user_id
    return or_(
        col(VideoRequest.requester_org_id) == principal.org_id,
        _has_item(col(LineItem.owner_org_id) == principal.org_id),
    )


def _conditions(principal: Principal, wanted: RequestFilter) -> list[ColumnElement[bool]]:
    r, w = VideoRequest, wanted
    # Each filter is built only when asked for: a comparison with None is no filter.
    checks: list[tuple[Any, Callable[[], ColumnElement[bool]]]] = [
        (w.status, lambda: col(r.status) == w.status),
        (w.owner_org_id, lambda: _has_item(col(LineItem.owner_org_id) == w.owner_org_id)),
        (w.requester_org_id, lambda: col(r.requester_org_id) == w.requester_org_id),
        (w.requester_user_id, lambda: col(r.requester_user_id) == w.requester_user_id),
        (w.camera_id, lambda: _has_item(col(LineItem.camera_id) == w.camera_id)),
        (w.incident_number, lambda: func.lower(r.incident_number) == w.incident_number.lower()),
        (w.created_from, lambda: col(r.created_at) >= w.created_from),
        (w.created_to, lambda: col(r.created_at) < w.created_to),
        (w.incident_from, lambda: col(r.incident_at) >= w.incident_from),
        (w.incident_to, lambda: col(r.incident_at) < w.incident_to),
        (w.text, lambda: _text_matches(w.text)),
    ]
    return [_visible(principal), *(build() for value, build in checks if value)]


def _text_matches(text: str) -> ColumnElement[bool]:
    pattern = contains_pattern(text)
    fields = (VideoRequest.incident_number, VideoRequest.incident_type, VideoRequest.description)
    return or_(*(col(f).ilike(pattern) for f in fields))


async def search(
    session: AsyncSession, principal: Principal, wanted: RequestFilter
) -> tuple[list[VideoRequest], int]:
    """One page, newest first, and how many match in all."""
    conditions = _conditions(principal, wanted)
    page = (
        select(VideoRequest)
        .where(*conditions)
        .order_by(col(VideoRequest.created_at).desc(), col(VideoRequest.id))
        .offset(wanted.offset)
        .limit(wanted.limit)
    )
    total = select(func.count()).select_from(VideoRequest).where(*conditions)
    found = list((await session.exec(page)).all())
    return found, (await session.exec(total)).one()


async def count_by_status(
    session: AsyncSession, principal: Principal, wanted: RequestFilter
) -> dict[str, int]:
    statement = (
        select(VideoRequest.status, func.count())
        .where(*_conditions(principal, wanted))
        .group_by(col(VideoRequest.status))
    )
    return {status: count for status, count in (await session.exec(statement)).all()}

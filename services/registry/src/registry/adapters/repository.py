"""Queries on cameras, including the radius search (bounding box, then exact distance)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from registry.adapters.orm import CameraRow
from registry.domain.cameras import ACTIVE, Camera, CameraHit, SearchQuery
from registry.domain.geo import EARTH_RADIUS_M, bounding_box


class CameraRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, camera: Camera) -> None:
        self._session.add(CameraRow(**vars(camera)))

    async def get(self, camera_id: uuid.UUID) -> Camera | None:
        row = await self._session.get(CameraRow, camera_id)
        return _to_domain(row) if row else None

    async def search(self, query: SearchQuery, viewer_org: uuid.UUID | None) -> list[CameraHit]:
        """Active cameras within the radius, nearest first; ``viewer_org`` None sees all."""
        distance = _haversine_sql(query.latitude, query.longitude).label("distance_m")
        statement = (
            select(CameraRow, distance)
            .where(_in_box(query), col(CameraRow.status) == ACTIVE, _visible_to(viewer_org))
            .where(distance <= query.radius_m)
            .order_by(distance, col(CameraRow.id))
            .limit(query.limit)
        )
        rows = (await self._session.exec(statement)).all()
        return [CameraHit(_to_domain(row), float(meters)) for row, meters in rows]


def _to_domain(row: CameraRow) -> Camera:
    return Camera(**row.model_dump())


def _in_box(query: SearchQuery) -> ColumnElement[bool]:
    box = bounding_box(query.latitude, query.longitude, query.radius_m)
    lon = col(CameraRow.longitude)
    return and_(
        col(CameraRow.latitude).between(box.min_lat, box.max_lat),
        or_(*(lon.between(lo, hi) for lo, hi in box.lon_ranges)),
    )


def _visible_to(viewer_org: uuid.UUID | None) -> ColumnElement[bool]:
    if viewer_org is None:
        return true()
    return or_(col(CameraRow.visibility) == "registry", col(CameraRow.org_id) == viewer_org)


def _haversine_sql(lat: float, lon: float) -> ColumnElement[Any]:
    """The same formula as domain.geo.haversine_m, evaluated by Postgres per candidate row."""
    phi1, phi2 = func.radians(lat), func.radians(col(CameraRow.latitude))
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = func.radians(col(CameraRow.longitude) - lon) / 2
    a = func.power(func.sin(half_dphi), 2) + func.cos(phi1) * func.cos(phi2) * func.power(
        func.sin(half_dlambda), 2
    )
    return 2 * EARTH_RADIUS_M * func.asin(func.least(1.0, func.sqrt(a)))

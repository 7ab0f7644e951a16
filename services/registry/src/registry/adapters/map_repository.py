"""The map view's queries: a capped fetch of the box's cameras, else counts per grid cell.

Both run in Postgres with the search's own box, visibility and filters, so a cell counts
exactly the cameras the caller would find by searching there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from registry.adapters.orm import CameraRow
from registry.adapters.repository import COLUMNS, from_mapping, in_box, matching, visible_to
from registry.domain.cameras import ACTIVE, Camera, Viewer
from registry.domain.map import MapCell, MapQuery, cell_of


class MapRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def cameras(self, query: MapQuery, viewer: Viewer | None, limit: int) -> list[Camera]:
        """At most ``limit`` of the box's cameras, in no particular order (no sort: it is a
        probe of whether the box is sparse enough for markers)."""
        statement = sa_select(*COLUMNS).where(*_where(query, viewer)).limit(limit)
        rows = await self._rows(statement)
        return [from_mapping(row) for row in rows]

    async def cells(self, query: MapQuery, viewer: Viewer | None) -> list[MapCell]:
        """One row per non-empty grid cell: the count and its cameras' centroid, grouped in
        SQL so only the cells leave the database."""
        size = query.cell_deg
        gx = func.floor(col(CameraRow.longitude) / size).label("gx")
        gy = func.floor(col(CameraRow.latitude) / size).label("gy")
        statement = (
            sa_select(
                gx,
                gy,
                func.count().label("n"),
                func.avg(col(CameraRow.latitude)).label("lat"),
                func.avg(col(CameraRow.longitude)).label("lon"),
            )
            .where(*_where(query, viewer))
            .group_by(gx, gy)
            .order_by(gy, gx)
        )
        rows = await self._rows(statement)
        return [
            cell_of(int(r["gx"]), int(r["gy"]), size, int(r["n"]), float(r["lat"]), float(r["lon"]))
            for r in rows
        ]

    async def _rows(self, statement: Any) -> Any:
        connection = await self._session.connection()
        return (await connection.execute(statement)).mappings().all()


def _where(query: MapQuery, viewer: Viewer | None) -> list[ColumnElement[bool]]:
    return [
        in_box(query.box),
        col(CameraRow.status) == ACTIVE,
        visible_to(viewer),
        *matching(query.text, query.kinds, query.owner_org_id),
    ]

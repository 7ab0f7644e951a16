"""A map view of a box: its cameras when few, else grid cells (decision 0019)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from custody_contracts.grpc import registry_pb2
from pydantic import BaseModel

from gateway.adapters.orm import Organization
from gateway.entrypoints.api.schemas.cameras import CameraOwned, owned_fields


class Bounds(BaseModel):
    south: float
    west: float
    north: float
    east: float


class MapCellPublic(BaseModel):
    """Cameras counted together: draw one marker at their centroid, labelled with the count;
    zooming into ``bounds`` shows them."""

    count: int
    latitude: float
    longitude: float
    bounds: Bounds


class CameraMapPublic(BaseModel):
    """Either ``cameras`` (every visible camera in the box) or ``cells``, never both."""

    cameras: list[CameraOwned]
    cells: list[MapCellPublic]
    count: int  # cameras in the box: len(cameras), or the cells' counts added up


def camera_map(
    response: registry_pb2.MapCamerasResponse,
    caller_org: uuid.UUID,
    owners: Mapping[uuid.UUID, Organization],
) -> CameraMapPublic:
    cameras = [CameraOwned(**owned_fields(c, caller_org, owners)) for c in response.cameras]
    cells = [
        MapCellPublic(
            count=cell.count,
            latitude=cell.latitude,
            longitude=cell.longitude,
            bounds=Bounds(
                south=cell.bounds.min_latitude,
                west=cell.bounds.min_longitude,
                north=cell.bounds.max_latitude,
                east=cell.bounds.max_longitude,
            ),
        )
        for cell in response.cells
    ]
    count = len(cameras) + sum(cell.count for cell in cells)
    return CameraMapPublic(cameras=cameras, cells=cells, count=count)

"""Use case of the map: what a map view of a box shows the caller."""

from __future__ import annotations

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import UnitOfWork

from registry.adapters.map_repository import MapRepository
from registry.domain.cameras import viewer_of
from registry.domain.map import MAX_CAMERAS, MapQuery, MapView


async def map_view(uow: UnitOfWork, principal: Principal, query: MapQuery) -> MapView:
    """The box's visible cameras when at most MAX_CAMERAS, else its grid cells: probing with
    one extra row is cheaper than counting a dense box."""
    viewer = viewer_of(principal)
    repository = MapRepository(uow.session)
    cameras = await repository.cameras(query, viewer, MAX_CAMERAS + 1)
    if len(cameras) <= MAX_CAMERAS:
        return MapView(cameras=cameras, cells=[])
    return MapView(cameras=[], cells=await repository.cells(query, viewer))

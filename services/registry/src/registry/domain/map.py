"""What a map view asks for: the visible cameras in a box, or, when too many, grid cells.

A browser cannot draw 100,000 markers, so past ``MAX_CAMERAS`` the registry counts cameras
per cell of a fixed grid (anchored at 0°, 0°, so a cell stays the same cell while the map
pans) and answers one row per non-empty cell. A cell's size follows the zoom: a quarter of a
256-px web-map tile, ~64 px on screen. It never shrinks below the box's span divided by
``MAX_CELLS_PER_SIDE``, so a deep zoom with a world-wide box still answers few cells.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument

from registry.domain.cameras import KINDS, Camera, position_problems
from registry.domain.geo import BoundingBox
from registry.domain.search import MAX_TEXT

MAX_CAMERAS = 300  # at most this many markers; more become cells
MAX_ZOOM = 22
MAX_CELLS_PER_SIDE = 64
_CELLS_PER_TILE = 4  # a 256-px tile split in 4 x 4: a cell is ~64 px wide on screen


@dataclass(frozen=True)
class MapQuery:
    box: BoundingBox
    cell_deg: float  # the grid's cell edge in degrees, used when cameras become cells
    text: str = ""
    kinds: tuple[str, ...] = ()
    owner_org_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MapCell:
    count: int
    latitude: float  # the centroid of the cell's cameras, where its marker goes
    longitude: float
    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class MapView:
    """Either ``cameras`` (all of those in the box) or ``cells`` (one per non-empty cell)."""

    cameras: list[Camera]
    cells: list[MapCell]


def map_query(
    box: tuple[float, float, float, float],
    zoom: int,
    text: str = "",
    kinds: tuple[str, ...] = (),
    owner_org_id: uuid.UUID | None = None,
) -> MapQuery:
    """``box`` is (south, west, north, east); west > east crosses the antimeridian. Raises
    InvalidArgument listing every problem."""
    south, west, north, east = box
    problems = position_problems(south, west) + position_problems(north, east)
    if not problems and south > north:
        problems.append("the box's south must not exceed its north")
    if not 0 <= zoom <= MAX_ZOOM:
        problems.append(f"zoom must be within 0..{MAX_ZOOM}")
    if len(text) > MAX_TEXT:
        problems.append(f"text must be at most {MAX_TEXT} characters")
    if unknown := set(kinds) - KINDS:
        problems.append(f"unknown kinds: {', '.join(sorted(unknown))}")
    if problems:
        raise InvalidArgument("; ".join(problems))
    ranges = ((west, east),) if west <= east else ((west, 180.0), (-180.0, east))
    span = max(north - south, sum(hi - lo for lo, hi in ranges))
    cell = max(360.0 / (2**zoom * _CELLS_PER_TILE), span / MAX_CELLS_PER_SIDE)
    return MapQuery(
        box=BoundingBox(south, north, ranges),
        cell_deg=cell,
        text=text.strip(),
        kinds=tuple(sorted(set(kinds))),
        owner_org_id=owner_org_id,
    )


def cell_of(gx: int, gy: int, cell_deg: float, count: int, lat: float, lon: float) -> MapCell:
    """Grid cell (gx, gy) is [gx, gx + 1) x [gy, gy + 1) cell edges, clipped to the globe."""
    return MapCell(
        count=count,
        latitude=lat,
        longitude=lon,
        south=max(-90.0, gy * cell_deg),
        west=max(-180.0, gx * cell_deg),
        north=min(90.0, (gy + 1) * cell_deg),
        east=min(180.0, (gx + 1) * cell_deg),
    )

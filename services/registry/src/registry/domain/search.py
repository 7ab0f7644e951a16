"""A validated camera search: where (radius or box), what (text, kinds, owner), which page."""

from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument

from registry.domain.cameras import KINDS, Camera, position_problems
from registry.domain.geo import BoundingBox, bounding_box

MIN_RADIUS_M, MAX_RADIUS_M = 1.0, 50_000.0
MAX_BOX_SPAN_DEG = 10.0  # a box bigger than a region would scan most of the registry
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
MAX_TEXT = 100


@dataclass(frozen=True)
class Cursor:
    """Where the previous page stopped: results continue after (distance, id)."""

    distance_m: float
    camera_id: uuid.UUID

    def encode(self) -> str:
        raw = json.dumps({"d": self.distance_m, "i": str(self.camera_id)}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            return Cursor(float(data["d"]), uuid.UUID(data["i"]))
        except (binascii.Error, ValueError, KeyError, TypeError):
            raise InvalidArgument("cursor is not valid") from None


@dataclass(frozen=True)
class SearchQuery:
    """Distances are measured from (latitude, longitude); ``radius_m`` None = box search."""

    latitude: float
    longitude: float
    radius_m: float | None
    box: BoundingBox
    limit: int
    text: str = ""
    kinds: tuple[str, ...] = ()
    owner_org_id: uuid.UUID | None = None
    after: Cursor | None = None


@dataclass(frozen=True)
class Filters:
    text: str = ""
    kinds: tuple[str, ...] = ()
    owner_org_id: uuid.UUID | None = None
    limit: int = 0
    cursor: str = ""


@dataclass(frozen=True)
class CameraHit:
    camera: Camera
    distance_m: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[CameraHit]
    next_cursor: str  # "" = last page


def search_query(
    latitude: float, longitude: float, radius_m: float, limit: int = 0, filters: Filters = Filters()
) -> SearchQuery:
    """Cameras within ``radius_m`` of a point; raises InvalidArgument listing every problem."""
    problems = position_problems(latitude, longitude)
    if not (math.isfinite(radius_m) and MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M):
        problems.append(f"radius_m must be within {MIN_RADIUS_M:g}..{MAX_RADIUS_M:g}")
    filters = Filters(
        filters.text, filters.kinds, filters.owner_org_id, limit or filters.limit, filters.cursor
    )
    _raise_if(problems + _filter_problems(filters))
    box = bounding_box(latitude, longitude, radius_m)
    return _query(latitude, longitude, radius_m, box, filters)


def box_query(
    south: float, west: float, north: float, east: float, filters: Filters = Filters()
) -> SearchQuery:
    """Cameras inside a box (west > east crosses the antimeridian), nearest its centre first."""
    problems = position_problems(south, west) + position_problems(north, east)
    if not problems and south > north:
        problems.append("the box's min_latitude must not exceed its max_latitude")
    span_lon = (east - west) % 360 if west != east else 0.0
    if not problems and max(north - south, span_lon) > MAX_BOX_SPAN_DEG:
        problems.append(f"the box may span at most {MAX_BOX_SPAN_DEG:g} degrees")
    _raise_if(problems + _filter_problems(filters))
    ranges = ((west, east),) if west <= east else ((west, 180.0), (-180.0, east))
    centre_lon = (west + span_lon / 2 + 180) % 360 - 180
    box = BoundingBox(south, north, ranges)
    return _query((south + north) / 2, centre_lon, None, box, filters)


def _query(
    lat: float, lon: float, radius: float | None, box: BoundingBox, filters: Filters
) -> SearchQuery:
    after = Cursor.decode(filters.cursor) if filters.cursor else None
    return SearchQuery(
        latitude=lat,
        longitude=lon,
        radius_m=radius,
        box=box,
        limit=filters.limit or DEFAULT_LIMIT,
        text=filters.text.strip(),
        kinds=tuple(sorted(set(filters.kinds))),
        owner_org_id=filters.owner_org_id,
        after=after,
    )


def _filter_problems(filters: Filters) -> list[str]:
    problems = []
    if not 0 <= filters.limit <= MAX_LIMIT:
        problems.append(f"limit must be within 0..{MAX_LIMIT}")
    if len(filters.text) > MAX_TEXT:
        problems.append(f"text must be at most {MAX_TEXT} characters")
    if unknown := set(filters.kinds) - KINDS:
        problems.append(f"unknown kinds: {', '.join(sorted(unknown))}")
    return problems


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise InvalidArgument("; ".join(problems))

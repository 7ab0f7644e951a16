"""Great-circle distance and the bounding box that prefilters a radius search.

Plain functions on a spherical Earth: the database has no PostGIS, so the search narrows rows
with a box on the (latitude, longitude) btree, then keeps those whose haversine distance is
within the radius. The box must never be smaller than the circle, or cameras go missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG); the SQL distance uses the same constant
# Widens the box by ~1 mm so float rounding can never drop a point on the circle's edge.
_MARGIN_DEG = 1e-8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    """Latitude band plus one or two longitude ranges (two when crossing the antimeridian)."""

    min_lat: float
    max_lat: float
    lon_ranges: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        in_band = self.min_lat <= lat <= self.max_lat
        return in_band and any(lo <= lon <= hi for lo, hi in self.lon_ranges)


def bounding_box(lat: float, lon: float, radius_m: float) -> BoundingBox:
    """The smallest lat/lon box holding every point within ``radius_m`` of (lat, lon).

    Longitude half-width is asin(sin r / cos lat), not r / cos lat: away from the equator the
    circle is widest north or south of its centre, and the simpler formula would cut it off.
    """
    angular = radius_m / EARTH_RADIUS_M
    dlat = math.degrees(angular) + _MARGIN_DEG
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:  # the circle holds a pole: every longitude is in reach
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), ((-180.0, 180.0),))
    ratio = math.sin(angular) / math.cos(math.radians(lat))
    dlon = math.degrees(math.asin(min(1.0, ratio))) + _MARGIN_DEG
    return BoundingBox(min_lat, max_lat, _wrap(lon - dlon, lon + dlon))


def _wrap(lo: float, hi: float) -> tuple[tuple[float, float], ...]:
    if hi - lo >= 360:
        return ((-180.0, 180.0),)
    if lo < -180:
        return ((lo + 360, 180.0), (-180.0, hi))
    if hi > 180:
        return ((lo, 180.0), (-180.0, hi - 360))
    return ((lo, hi),)

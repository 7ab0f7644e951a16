"""Distance and bounding box: the box must hold every point of the circle, everywhere."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from registry.domain.geo import EARTH_RADIUS_M, BoundingBox, bounding_box, haversine_m

pytestmark = pytest.mark.unit

latitudes = st.floats(min_value=-90, max_value=90)
longitudes = st.floats(min_value=-180, max_value=180)
radii = st.floats(min_value=1, max_value=50_000)


def test_known_distances() -> None:
    montreal, toronto = (45.5019, -73.5674), (43.6532, -79.3832)
    assert haversine_m(*montreal, *toronto) == pytest.approx(504_000, rel=0.01)
    assert haversine_m(0, 0, 0, 1) == pytest.approx(EARTH_RADIUS_M * math.pi / 180)
    assert haversine_m(10, 20, 10, 20) == 0


def test_box_wraps_across_the_antimeridian() -> None:
    box = bounding_box(0, 179.9, 50_000)
    assert len(box.lon_ranges) == 2
    assert box.contains(0, -179.9)
    assert not box.contains(0, 0)


def test_box_near_a_pole_spans_every_longitude() -> None:
    box = bounding_box(89.9, 10, 50_000)
    assert box.lon_ranges == ((-180.0, 180.0),)
    assert box.max_lat == 90


def test_box_at_high_latitude_is_wider_than_the_naive_formula() -> None:
    lat, radius = 80.0, 50_000.0
    naive = radius / (111_320 * math.cos(math.radians(lat)))
    (_, hi), *_ = bounding_box(lat, 0, radius).lon_ranges
    assert hi > naive


def _destination(lat: float, lon: float, bearing: float, distance: float) -> tuple[float, float]:
    """The point ``distance`` metres from (lat, lon) along ``bearing`` degrees, on the sphere."""
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    delta = distance / EARTH_RADIUS_M
    sin_phi2 = math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    phi2 = math.asin(max(-1.0, min(1.0, sin_phi2)))
    y = math.sin(theta) * math.sin(delta) * math.cos(phi)
    lam2 = lam + math.atan2(y, math.cos(delta) - math.sin(phi) * sin_phi2)
    return math.degrees(phi2), (math.degrees(lam2) + 180) % 360 - 180


@st.composite
def center_and_points(draw: st.DrawFn) -> tuple[float, float, float, list[tuple[float, float]]]:
    """Points scattered around the circle, many of them right at its edge."""
    lat, lon, radius = draw(latitudes), draw(longitudes), draw(radii)
    bearings = st.one_of(st.sampled_from([0.0, 90.0, 180.0, 270.0]), st.floats(0, 360))
    fractions = st.one_of(st.floats(0.999, 1.0), st.floats(0, 1.2))
    polar = draw(st.lists(st.tuples(bearings, fractions), min_size=1, max_size=40))
    points = [_destination(lat, lon, b, f * radius) for b, f in polar]
    return lat, lon, radius, points


@settings(max_examples=300)
@given(center_and_points())
def test_box_never_misses_a_point_within_the_radius(
    case: tuple[float, float, float, list[tuple[float, float]]],
) -> None:
    lat, lon, radius, points = case
    box = bounding_box(lat, lon, radius)
    brute_force = {p for p in points if haversine_m(lat, lon, *p) <= radius}
    prefiltered = {p for p in points if box.contains(*p) and haversine_m(lat, lon, *p) <= radius}
    assert prefiltered == brute_force


@given(latitudes, longitudes, radii)
def test_box_is_well_formed(lat: float, lon: float, radius: float) -> None:
    box: BoundingBox = bounding_box(lat, lon, radius)
    assert -90 <= box.min_lat <= lat <= box.max_lat <= 90
    assert all(-180 <= lo <= hi <= 180 for lo, hi in box.lon_ranges)
    assert box.contains(lat, lon)

"""A map view's query: the grid's cell size by zoom, bounded by the box's span, the box split
at the antimeridian, and every problem named at once."""

from __future__ import annotations

import pytest
from custody_platform.errors import InvalidArgument
from registry.domain.map import MAX_CELLS_PER_SIDE, cell_of, map_query

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("zoom", [0, 5, 10, 16])
def test_a_cell_is_a_quarter_tile_at_the_zoom(zoom: int) -> None:
    query = map_query((45.0, -74.0, 45.001, -73.999), zoom)
    expected = 360 / 2**zoom / 4
    assert query.cell_deg == pytest.approx(max(expected, 0.001 / MAX_CELLS_PER_SIDE))


def test_a_deep_zoom_on_a_wide_box_still_makes_few_cells() -> None:
    query = map_query((-90.0, -180.0, 90.0, 180.0), 22)
    assert query.cell_deg == pytest.approx(360 / MAX_CELLS_PER_SIDE)


def test_a_box_across_the_antimeridian_is_two_ranges() -> None:
    query = map_query((-10.0, 170.0, 10.0, -170.0), 4, kinds=("ptz", "fixed", "ptz"))
    assert query.box.lon_ranges == ((170.0, 180.0), (-180.0, -170.0))
    assert query.box.contains(0.0, 179.5) and query.box.contains(0.0, -175.0)
    assert not query.box.contains(0.0, 0.0)
    assert query.kinds == ("fixed", "ptz")


def test_every_problem_is_named() -> None:
    with pytest.raises(InvalidArgument) as refused:
        map_query((50.0, 0.0, 40.0, 1.0), 23, text="x" * 101, kinds=("drone",))
    for words in ("south must not exceed", "zoom", "text", "unknown kinds: drone"):
        assert words in str(refused.value)


def test_a_cell_is_clipped_to_the_globe() -> None:
    cell = cell_of(gx=-1, gy=0, cell_deg=200.0, count=3, lat=10.0, lon=-20.0)
    assert (cell.south, cell.west, cell.north, cell.east) == (0.0, -180.0, 90.0, 0.0)

from __future__ import annotations

import uuid

import pytest
from custody_platform.errors import InvalidArgument
from registry.domain.search import Cursor, Filters, box_query, search_query

pytestmark = pytest.mark.unit


def test_cursor_round_trips_and_rejects_garbage() -> None:
    cursor = Cursor(123.456789012345, uuid.uuid4())
    assert Cursor.decode(cursor.encode()) == cursor
    for garbage in ("x", "e30", "!!!"):
        with pytest.raises(InvalidArgument, match="cursor"):
            Cursor.decode(garbage)


def test_box_query_measures_from_the_centre_and_wraps() -> None:
    query = box_query(45.0, -74.0, 46.0, -73.0)
    assert (query.latitude, query.longitude, query.radius_m) == (45.5, -73.5, None)
    wrapped = box_query(-1.0, 179.0, 1.0, -179.0)
    assert wrapped.box.lon_ranges == ((179.0, 180.0), (-180.0, -179.0))
    assert wrapped.longitude in (180.0, -180.0)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((46.0, -74.0, 45.0, -73.0), "min_latitude"),
        ((0.0, 0.0, 20.0, 1.0), "at most 10"),
        ((0.0, 0.0, 91.0, 1.0), "latitude"),
    ],
)
def test_bad_boxes(args: tuple[float, float, float, float], reason: str) -> None:
    with pytest.raises(InvalidArgument, match=reason):
        box_query(*args)


def test_filters_are_validated() -> None:
    with pytest.raises(InvalidArgument, match="unknown kinds: drone"):
        search_query(1, 1, 10, filters=Filters(kinds=("drone",)))
    with pytest.raises(InvalidArgument, match="text"):
        search_query(1, 1, 10, filters=Filters(text="x" * 101))
    query = search_query(1, 1, 10, filters=Filters(text=" lobby ", kinds=("ptz", "fixed", "ptz")))
    assert (query.text, query.kinds) == ("lobby", ("fixed", "ptz"))

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from custody_platform.errors import Conflict, InvalidArgument
from registry.domain.cameras import CameraSpec, new_camera, retired_camera, updated_camera
from registry.domain.listing import NameCursor, list_query, page_of

pytestmark = pytest.mark.unit

T0, T1 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
SPEC = CameraSpec(name="Pier", kind="fixed", latitude=45.0, longitude=-73.0)


def test_name_cursor_round_trips_any_name_and_rejects_garbage() -> None:
    cursor = NameCursor('Quai "Nord" % _ \\ é', uuid.uuid4())
    assert NameCursor.decode(cursor.encode()) == cursor
    for garbage in ("x", "e30", "!!!"):
        with pytest.raises(InvalidArgument, match="cursor"):
            NameCursor.decode(garbage)


def test_a_query_keeps_its_filters_and_defaults_its_limit() -> None:
    group = uuid.uuid4()
    query = list_query("  pier ", group, "retired", 0, "")
    assert (query.text, query.group_id, query.status, query.limit, query.after) == (
        "pier",
        group,
        "retired",
        50,
        None,
    )
    assert list_query(ungrouped=True).ungrouped


@pytest.mark.parametrize(
    ("args", "kwargs", "reason"),
    [
        (("x" * 101,), {}, "text"),
        (("", None, "lost"), {}, "status"),
        (("", None, "", 501), {}, "limit"),
        (("", uuid.uuid4()), {"ungrouped": True}, "not both"),
    ],
)
def test_bad_queries_are_refused_naming_the_problem(args, kwargs, reason) -> None:
    with pytest.raises(InvalidArgument, match=reason):
        list_query(*args, **kwargs)


def test_a_page_with_one_row_more_than_its_limit_points_past_its_last_camera() -> None:
    cameras = [new_camera(replace(SPEC, name=f"Cam {n}"), uuid.uuid4(), T0) for n in range(3)]
    page = page_of(cameras, list_query(limit=2), total=7)
    assert page.cameras == cameras[:2] and page.total == 7
    assert NameCursor.decode(page.next_cursor) == NameCursor("Cam 1", cameras[1].id)
    assert page_of(cameras[:2], list_query(limit=2), total=2).next_cursor == ""


def test_every_change_moves_the_last_changed_time() -> None:
    camera = new_camera(SPEC, uuid.uuid4(), T0)
    assert camera.updated_at == camera.created_at == T0
    assert updated_camera(camera, replace(SPEC, name="Dock"), T1).updated_at == T1
    retired = retired_camera(camera, T1)
    assert (retired.status, retired.updated_at, retired.created_at) == ("retired", T1, T0)
    with pytest.raises(Conflict):
        updated_camera(retired, SPEC, T1)

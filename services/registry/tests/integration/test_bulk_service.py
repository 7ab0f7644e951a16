"""Bulk import is all or nothing; a dry run reports every bad row; export imports again."""

from __future__ import annotations

import json

import pytest
from custody_platform.errors import PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.search import Filters, search_query
from registry.service_layer import bulk, cameras

from .conftest import outbox, person

pytestmark = pytest.mark.integration

GOOD = (
    "name,kind,latitude,longitude,address,heading,retention_days\r\n"
    "Front door,doorbell,45.5,-73.5,1 Main St,90,30\r\n"
    "Yard,fixed,45.501,-73.501,,,\r\n"
)
BAD = GOOD + "Roof,drone,95,-73.5,,,\r\nSide,fixed,45.5,abc,,,\r\n"


async def test_import_creates_every_camera_in_one_transaction(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    dry = await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", GOOD.encode(), dry_run=True
    )
    assert (dry.valid_rows, dry.problems, dry.camera_ids) == (2, [], [])
    assert await outbox(engine, unique_schema) == []
    done = await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", GOOD.encode(), dry_run=False
    )
    assert len(done.camera_ids) == 2
    kinds = [kind for kind, _ in await outbox(engine, unique_schema)]
    assert kinds.count("registry.camera_registered.v1") == 2 and kinds.count("audit.record.v1") == 2
    front = await committed(uow_factory, cameras.get_camera, admin, done.camera_ids[0])
    assert (front.name, front.heading, front.retention_days) == ("Front door", 90.0, 30)


async def test_one_bad_row_imports_nothing_and_every_problem_is_reported(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    result = await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", BAD.encode(), dry_run=False
    )
    assert result.camera_ids == []
    assert [(p.line, p.reason.split(" ")[0]) for p in result.problems] == [
        (4, "kind"),
        (4, "latitude"),
        (5, "longitude"),
    ]
    assert await outbox(engine, unique_schema) == []
    page = await committed(
        uow_factory, cameras.search_cameras, admin, search_query(45.5, -73.5, 5_000)
    )
    assert page.hits == []


async def test_export_round_trips_through_geojson(uow_factory, directory):
    admin = person(None, "org_admin")
    await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", GOOD.encode(), dry_run=False
    )
    data, content_type = await committed(uow_factory, bulk.export_cameras, admin, "geojson")
    assert content_type == "application/geo+json"
    features = json.loads(data)["features"]
    assert sorted(f["properties"]["name"] for f in features) == ["Front door", "Yard"]
    other = person(None, "org_admin")
    again = await committed(
        uow_factory, bulk.import_cameras, directory, other, "geojson", data, dry_run=False
    )
    assert len(again.camera_ids) == 2
    csv_data, _ = await committed(uow_factory, bulk.export_cameras, other, "csv")
    assert csv_data.decode().count("\r\n") == 3
    mine = Filters(owner_org_id=other.org_id)
    page = await committed(
        uow_factory, cameras.search_cameras, other, search_query(45.5, -73.5, 1_000, filters=mine)
    )
    assert len(page.hits) == 2
    with pytest.raises(PermissionDenied):
        await committed(uow_factory, bulk.export_cameras, person(admin.org_id), "csv")

"""The map view on real Postgres and a real gRPC server: a sparse box answers its visible
cameras, a dense one grid cells whose counts add up to exactly what the caller may see."""

from __future__ import annotations

import math
import random
import uuid

import pytest
from custody_contracts.grpc import registry_pb2 as pb
from custody_platform.errors import InvalidArgument
from custody_platform.grpc import call_metadata, domain_errors
from sqlalchemy import text

from .conftest import person

pytestmark = pytest.mark.integration

OWNER, PARTNER, OUTSIDER = (uuid.UUID(int=i) for i in (1, 2, 3))
BOX = pb.BoundingBoxFilter(
    min_latitude=45.0, min_longitude=-74.0, max_latitude=46.0, max_longitude=-73.0
)


async def _insert(engine, schema: str, rows: list[dict[str, object]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text(
                f'INSERT INTO "{schema}".cameras (id, org_id, name, kind, latitude, longitude, '
                "address, channel, visibility, partner_org_ids, status, created_at) VALUES "
                "(:id, :org_id, :name, :kind, :lat, :lon, '', 0, :visibility, "
                "CAST(:partners AS uuid[]), :status, now())"
            ),
            rows,
        )


def _row(
    lat: float, lon: float, visibility: str = "registry", **fields: object
) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "org_id": OWNER,
        "name": "Gate",
        "kind": "fixed",
        "lat": lat,
        "lon": lon,
        "visibility": visibility,
        "partners": [PARTNER] if visibility == "partners" else [],
        "status": "active",
        **fields,
    }


def _map(**fields: object) -> pb.MapCamerasRequest:
    return pb.MapCamerasRequest(**{"box": BOX, "zoom": 10, **fields})


async def test_a_sparse_box_answers_the_cameras_each_caller_may_see(stub, engine, unique_schema):
    rows = {
        "public": _row(45.5, -73.5),
        "partners": _row(45.51, -73.51, "partners"),
        "private": _row(45.52, -73.52, "private"),
        "retired": _row(45.53, -73.53, status="retired"),
        "outside the box": _row(47.0, -73.5),
        "doorbell": _row(45.54, -73.54, kind="doorbell"),
    }
    await _insert(engine, unique_schema, list(rows.values()))
    names = {str(r["id"]): name for name, r in rows.items()}

    async def seen(org: uuid.UUID, roles: str = "investigator", **fields: object) -> set[str]:
        view = await stub.MapCameras(_map(**fields), metadata=call_metadata(person(org, roles)))
        assert not view.cells
        return {names[c.id] for c in view.cameras}

    assert await seen(OWNER) == {"public", "partners", "private", "doorbell"}
    assert await seen(PARTNER) == {"public", "partners", "doorbell"}
    assert await seen(OUTSIDER) == {"public", "doorbell"}
    assert await seen(OWNER, "guest") == {"public", "partners", "doorbell"}
    assert await seen(OWNER, kinds=["doorbell"]) == {"doorbell"}
    assert await seen(OWNER, owner_org_id=str(OUTSIDER)) == set()
    assert await seen(OWNER, text="gat") == {"public", "partners", "private", "doorbell"}


async def test_a_dense_box_answers_cells_whose_counts_add_up(stub, engine, unique_schema):
    rng = random.Random(5)
    rows = [
        _row(
            rng.uniform(45.0, 46.0),
            rng.uniform(-74.0, -73.0),
            rng.choice(["registry", "registry", "partners", "private"]),
            org_id=rng.choice([OWNER, PARTNER]),
            kind=rng.choice(["fixed", "ptz"]),
        )
        for _ in range(1500)
    ]
    await _insert(engine, unique_schema, rows)

    def visible(row: dict[str, object], org: uuid.UUID) -> bool:
        shared = row["visibility"] == "partners" and org in row["partners"]  # type: ignore[operator]
        return row["org_id"] == org or row["visibility"] == "registry" or shared

    for org, kinds in ((OUTSIDER, []), (PARTNER, ["ptz"]), (OWNER, [])):
        view = await stub.MapCameras(
            _map(kinds=kinds), metadata=call_metadata(person(org, "investigator"))
        )
        expected = [r for r in rows if visible(r, org) and (not kinds or r["kind"] in kinds)]
        assert len(expected) > 300 and not view.cameras
        assert sum(c.count for c in view.cells) == len(expected)
        edge = 360 / 2**10 / 4  # zoom 10: a quarter tile
        for cell in view.cells:
            b = cell.bounds
            assert b.max_latitude - b.min_latitude == pytest.approx(edge)
            assert b.min_latitude <= cell.latitude <= b.max_latitude
            assert b.min_longitude <= cell.longitude <= b.max_longitude
            inside = [
                r
                for r in expected
                if math.floor(r["lat"] / edge) == round(b.min_latitude / edge)  # type: ignore[operator]
                and math.floor(r["lon"] / edge) == round(b.min_longitude / edge)  # type: ignore[operator]
            ]
            assert cell.count == len(inside)


async def test_a_zoomed_out_world_box_answers_few_cells(stub, engine, unique_schema):
    rng = random.Random(6)
    await _insert(
        engine,
        unique_schema,
        [_row(rng.uniform(-60, 60), rng.uniform(-179, 179)) for _ in range(400)],
    )
    world = pb.BoundingBoxFilter(
        min_latitude=-90, min_longitude=-180, max_latitude=90, max_longitude=180
    )
    view = await stub.MapCameras(
        pb.MapCamerasRequest(box=world, zoom=22),
        metadata=call_metadata(person(OWNER, "investigator")),
    )
    assert sum(c.count for c in view.cells) == 400
    assert all(
        c.bounds.max_longitude - c.bounds.min_longitude >= 360 / 64 - 1e-9 for c in view.cells
    )


async def test_bad_map_requests_are_refused(stub):
    meta = call_metadata(person(OWNER, "investigator"))
    flipped = pb.BoundingBoxFilter(
        min_latitude=46, min_longitude=-74, max_latitude=45, max_longitude=-73
    )
    with pytest.raises(InvalidArgument, match="south"), domain_errors():
        await stub.MapCameras(pb.MapCamerasRequest(box=flipped, zoom=3), metadata=meta)
    with pytest.raises(InvalidArgument, match="zoom"), domain_errors():
        await stub.MapCameras(_map(zoom=23), metadata=meta)
    with pytest.raises(InvalidArgument, match="kinds"), domain_errors():
        await stub.MapCameras(_map(kinds=["drone"]), metadata=meta)

"""Radius search in SQL against a brute-force haversine scan over the same cameras."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

import pytest
from custody_platform.unit_of_work import committed
from registry.domain.geo import haversine_m
from registry.domain.search import search_query
from registry.service_layer import cameras
from sqlalchemy import text

from .conftest import person

pytestmark = pytest.mark.integration

CENTER = (45.5017, -73.5673)


@dataclass(frozen=True)
class Seeded:
    id: uuid.UUID
    org_id: uuid.UUID
    lat: float
    lon: float
    visibility: str
    status: str


async def _seed(engine, schema: str, rng: random.Random, orgs: list[uuid.UUID]) -> list[Seeded]:
    seeded = [
        Seeded(
            uuid.uuid4(),
            rng.choice(orgs),
            CENTER[0] + rng.uniform(-0.6, 0.6),
            CENTER[1] + rng.uniform(-0.8, 0.8),
            rng.choice(["registry", "registry", "private"]),
            rng.choice(["active", "active", "active", "retired"]),
        )
        for _ in range(600)
    ]
    async with engine.begin() as conn:
        await conn.execute(
            text(
                f'INSERT INTO "{schema}".cameras (id, org_id, name, kind, latitude, longitude, '
                "address, device_id, channel, visibility, status, created_at) VALUES (:id, :org_id,"
                " 'cam', 'fixed', :lat, :lon, '', NULL, 0, :visibility, :status, now())"
            ),
            [vars(s) for s in seeded],
        )
    return seeded


def _brute_force(seeded: list[Seeded], viewer: uuid.UUID, radius: float, limit: int):
    visible = [
        (haversine_m(*CENTER, s.lat, s.lon), s.id)
        for s in seeded
        if s.status == "active" and (s.visibility == "registry" or s.org_id == viewer)
    ]
    return sorted(hit for hit in visible if hit[0] <= radius)[:limit]


@pytest.mark.parametrize("radius", [1, 800, 5_000, 20_000, 50_000])
async def test_search_matches_brute_force(uow_factory, engine, unique_schema, radius):
    rng = random.Random(radius)
    orgs = [uuid.uuid4() for _ in range(3)]
    seeded = await _seed(engine, unique_schema, rng, orgs)
    viewer = person(orgs[0], "investigator")
    query = search_query(*CENTER, radius, 500)
    hits = (await committed(uow_factory, cameras.search_cameras, viewer, query)).hits
    expected = _brute_force(seeded, orgs[0], radius, 500)
    assert [h.camera.id for h in hits] == [camera_id for _, camera_id in expected]
    for hit, (distance, _) in zip(hits, expected, strict=True):
        assert hit.distance_m == pytest.approx(distance, abs=1e-3)
        assert hit.distance_m <= radius


async def test_search_limit_keeps_the_nearest(uow_factory, engine, unique_schema):
    orgs = [uuid.uuid4()]
    seeded = await _seed(engine, unique_schema, random.Random(7), orgs)
    page = await committed(
        uow_factory,
        cameras.search_cameras,
        person(None, "investigator"),
        search_query(*CENTER, 50_000, 0),
    )
    hits = page.hits
    expected = _brute_force(seeded, uuid.uuid4(), 50_000, 50)
    assert len(hits) == 50
    assert [h.camera.id for h in hits] == [camera_id for _, camera_id in expected]

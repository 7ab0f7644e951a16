"""Camera search at registry scale, on a real PostgreSQL (embedded pgserver unless DATABASE_URL).

1. Bulk-loads N cameras (default 1,000,000) with COPY: a quarter in a dense city (Paris,
   ~33 x 33 km, ~230 cameras per km²), the rest spread over the country; a mix of
   visibilities and retired cameras. The GiST position index is built after the load.
2. A 1 km radius search at random points of the city centre through the service layer
   (``registry.service_layer.cameras.search_cameras``: unit of work, repository, visibility
   filter, distance sort, limit 50), timed end to end: p50/p95/p99.
3. The same queries with index scans disabled for the session (a full scan) for comparison,
   and the plans of both (EXPLAIN ANALYZE of the exact SQL the repository sent).

Writes bench/results/registry_search.json.   python bench/bench_registry_search.py [--cameras N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from custody_contracts.principal import Principal
from custody_platform.db import make_engine, make_session_factory
from custody_platform.embedded.postgres import start_postgres
from custody_platform.migrations import upgrade
from custody_platform.unit_of_work import UnitOfWork
from registry.domain.search import search_query
from registry.service_layer.cameras import search_cameras
from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

RESULTS = Path(__file__).parent / "results"
CITY = (48.8566, 2.3522)  # Paris
CITY_SPAN = (0.15, 0.22)  # half-widths in degrees: ~33 km x 33 km
COUNTRY = ((42.5, 51.0), (-4.5, 8.0))
ORGS = [uuid.UUID(int=i + 1) for i in range(50)]
COPY = (
    "COPY registry.cameras (id, org_id, name, kind, latitude, longitude, address, channel, "
    "visibility, partner_org_ids, status, created_at, contact, retention_days, vms_camera_ref) "
    "FROM STDIN"
)
POSITION_INDEX = (  # as migration 0002 creates it
    "CREATE INDEX cameras_position ON registry.cameras USING gist (point(longitude, latitude))"
)
NO_INDEXES = ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")


def _row(rng: random.Random, n: int, in_city: bool) -> tuple[Any, ...]:
    if in_city:
        lat = CITY[0] + rng.uniform(-CITY_SPAN[0], CITY_SPAN[0])
        lon = CITY[1] + rng.uniform(-CITY_SPAN[1], CITY_SPAN[1])
    else:
        lat, lon = rng.uniform(*COUNTRY[0]), rng.uniform(*COUNTRY[1])
    visibility = rng.choices(["registry", "partners", "private"], [8, 1, 1])[0]
    partners = "{" + str(rng.choice(ORGS)) + "}" if visibility == "partners" else "{}"
    status = "retired" if rng.random() < 0.05 else "active"
    kind = rng.choice(["fixed", "fixed", "ptz", "doorbell", "in_car", "body_worn", "other"])
    return (
        uuid.UUID(int=n + 1_000_000),
        rng.choice(ORGS),
        f"Camera {n}",
        kind,
        lat,
        lon,
        f"{n} Rue de la Bench",
        0,
        visibility,
        partners,
        status,
        "2026-01-01T00:00:00+00:00",
        "",
        30,
        "",
    )


def bulk_load(dsn: str, count: int) -> dict[str, Any]:
    """Loads the cameras unless that many are there already (a re-run on the same database)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        existing = conn.execute("SELECT count(*) FROM registry.cameras").fetchone()
        if existing and existing[0] >= count:
            return {"bulk_load_seconds": None, "reused_rows": existing[0]}
        conn.execute("TRUNCATE registry.cameras")
        conn.execute("DROP INDEX registry.cameras_position")  # built once, after the load
        rng = random.Random(42)
        t0 = time.perf_counter()
        with conn.cursor() as cur, cur.copy(COPY) as copy:
            for n in range(count):
                copy.write_row(_row(rng, n, in_city=n % 4 == 0))
        t1 = time.perf_counter()
        conn.execute(POSITION_INDEX)
        conn.execute("VACUUM ANALYZE registry.cameras")
        return {
            "bulk_load_seconds": round(t1 - t0, 1),
            "position_index_seconds": round(time.perf_counter() - t1, 1),
        }


class LastQuery:
    """The SQL and parameters of the newest search statement, to EXPLAIN exactly that."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statement, self.parameters = "", None
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "distance_m" in statement:
            self.statement, self.parameters = statement, parameters


def _engine(sa_url: str, *, full_scan: bool) -> AsyncEngine:
    """The service's engine; for the full scan, one whose sessions may not use any index."""
    if not full_scan:
        return make_engine(sa_url, pool_size=2)
    options = " ".join(f"-c {setting}=off" for setting in NO_INDEXES)
    return create_async_engine(sa_url, pool_size=2, connect_args={"options": options})


async def measure(engine: AsyncEngine, samples: int, rng: random.Random) -> dict[str, Any]:
    factory = make_session_factory(engine)
    viewer = Principal(user_id=uuid.uuid4(), org_id=ORGS[0], roles=frozenset({"investigator"}))
    timings, hits = [], []
    for i in range(samples + 5):
        point = (CITY[0] + rng.uniform(-0.03, 0.03), CITY[1] + rng.uniform(-0.045, 0.045))
        t0 = time.perf_counter()
        # Opened here as the registry's gRPC method opens it: the entrypoint owns it.
        async with UnitOfWork(factory, schema="registry", service="bench") as uow:
            page = await search_cameras(uow, viewer, search_query(*point, 1_000, 50))
        if i >= 5:  # the first few warm the pool and the cache
            timings.append((time.perf_counter() - t0) * 1000)
            hits.append(len(page.hits))
    timings.sort()
    return {
        "samples": samples,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "p99_ms": round(timings[int(0.99 * (len(timings) - 1))], 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "mean_hits_returned": round(statistics.fmean(hits), 1),
    }


async def explain(engine: AsyncEngine, last: LastQuery) -> dict[str, Any]:
    async with engine.connect() as conn:
        raw = await conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + last.statement, last.parameters
        )
        [plan] = raw.scalar_one()
        rows = await conn.execute(
            text(
                "SELECT count(*) FROM registry.cameras WHERE latitude BETWEEN :a AND :b"
                " AND longitude BETWEEN :c AND :d"
            ),
            {
                "a": CITY[0] - 0.009,
                "b": CITY[0] + 0.009,
                "c": CITY[1] - 0.0137,
                "d": CITY[1] + 0.0137,
            },
        )
    return {
        "nodes": _node_types(plan["Plan"]),
        "execution_ms": plan["Execution Time"],
        "cameras_in_1km_box_at_city_centre": rows.scalar_one(),
    }


def _node_types(node: dict[str, Any]) -> list[str]:
    name = node["Node Type"] + (f" on {node['Index Name']}" if "Index Name" in node else "")
    return [name] + [n for child in node.get("Plans", []) for n in _node_types(child)]


async def run(dsn: str, sa_url: str, count: int, samples: int) -> dict[str, Any]:
    upgrade("registry", sa_url)
    result: dict[str, Any] = {"cameras": count, "city_share": 0.25, "radius_m": 1000, "limit": 50}
    result |= bulk_load(dsn, count)
    for name, full_scan, n in (("indexed", False, samples), ("full_scan", True, 20)):
        engine = _engine(sa_url, full_scan=full_scan)
        last = LastQuery(engine)
        result[name] = await measure(engine, n, random.Random(7))
        result[name]["plan"] = await explain(engine, last)
        await engine.dispose()
    # Shared machines skew latencies: the load while measuring goes with the figures.
    result["load_average_1_5_15"] = [round(load, 2) for load in os.getloadavg()]
    result["cpu_count"] = os.cpu_count()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    server = None
    sa_url = os.environ.get("DATABASE_URL")
    if not sa_url:
        server, sa_url = start_postgres(
            Path(f"/tmp/custody-bench-{uuid.uuid4().hex[:8]}"), persistent=False
        )
    dsn = make_url(sa_url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        result = asyncio.run(run(dsn, sa_url, args.cameras, args.samples))
    finally:
        if server is not None:
            server.cleanup()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "registry_search.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

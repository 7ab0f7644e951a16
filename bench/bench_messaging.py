"""Outbox → relay → Kafka-protocol broker → idempotent consumer, on the embedded stack.

Commits N events (one unit of work each, as a service would), runs a relay and a consumer,
and reports the commit-to-effect lag (p50/p95/p99), throughput, and lost/duplicated effects.
Writes bench/results/messaging-<burst|Nper_s>.json.

    python bench/bench_messaging.py [--events 1000] [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid
from pathlib import Path

from custody_contracts.events.registry import CameraRegistered
from custody_platform.consumer import IdempotentConsumer
from custody_platform.db import make_engine, make_session_factory
from custody_platform.embedded.kafka import MockKafkaCluster
from custody_platform.embedded.postgres import start_postgres
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from custody_platform.outbox import platform_ddl
from custody_platform.relay import OutboxRelay
from custody_platform.unit_of_work import UnitOfWork
from sqlalchemy import text

SCHEMA = "bench"
RESULTS = Path(__file__).parent / "results"


async def _prepare(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        for ddl in platform_ddl(SCHEMA):
            await conn.execute(text(ddl))
        await conn.execute(
            text(
                f'CREATE TABLE "{SCHEMA}".effects (camera_id UUID, committed DOUBLE PRECISION,'
                " applied DOUBLE PRECISION)"
            )
        )


async def run(events: int, rate: float, database_url: str, bootstrap: str) -> dict[str, float]:
    engine = make_engine(database_url)
    await _prepare(engine)
    factory = make_session_factory(engine)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, schema=SCHEMA, service="bench")

    committed: dict[str, float] = {}

    async def apply(event: CameraRegistered, unit: UnitOfWork, _envelope) -> None:  # type: ignore[no-untyped-def]
        await unit.session.execute(
            text(f'INSERT INTO "{SCHEMA}".effects VALUES (:id, :c, :a)'),
            {"id": event.camera_id, "c": committed[str(event.camera_id)], "a": time.time()},
        )

    publisher = KafkaPublisher(bootstrap, "bench")
    await publisher.start()
    consumer = IdempotentConsumer(
        name="bench",
        service="bench",
        handlers={CameraRegistered: apply},
        uow_factory=uow,
        dead_letters=publisher,
    )
    broker = make_broker(bootstrap, "bench")
    subscribe(broker, consumer, ["registry.events"], group_id=f"bench-{uuid.uuid4().hex}")
    await broker.start()
    stop = asyncio.Event()
    relay = asyncio.create_task(
        OutboxRelay(engine, publisher, schema=SCHEMA, service="bench").run(stop)
    )
    started = time.perf_counter()
    for _ in range(events):
        event = CameraRegistered(
            camera_id=uuid.uuid4(),
            org_id=uuid.uuid4(),
            name="c",
            kind="fixed",
            latitude=0.0,
            longitude=0.0,
        )
        async with uow() as unit:
            unit.emit(event)
            committed[str(event.camera_id)] = time.time()
            await unit.commit()
        if rate:
            await asyncio.sleep(max(0.0, started + (_ + 1) / rate - time.perf_counter()))
    produced = time.perf_counter() - started
    await _wait_for_effects(engine, events)
    elapsed = time.perf_counter() - started
    stop.set()
    await relay
    await broker.stop()
    await publisher.stop()
    result = await _summarize(engine, events, produced, elapsed) | {"offered_rate_per_s": rate}
    await engine.dispose()
    return result


async def _wait_for_effects(engine, events: int, within: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        async with engine.connect() as conn:
            if await conn.scalar(text(f'SELECT count(*) FROM "{SCHEMA}".effects')) >= events:
                return
        await asyncio.sleep(0.2)


async def _summarize(engine, events: int, produced: float, elapsed: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                text(f'SELECT camera_id, applied - committed FROM "{SCHEMA}".effects')
            )
        ).all()
    lags = sorted(lag * 1000 for _, lag in rows)
    quantiles = statistics.quantiles(lags, n=100) if len(lags) > 1 else lags * 99
    return {
        "events": events,
        "effects": len(rows),
        "lost": events - len({r[0] for r in rows}),
        "duplicated": len(rows) - len({r[0] for r in rows}),
        "commit_rate_per_s": round(events / produced, 1),
        "end_to_end_rate_per_s": round(events / elapsed, 1),
        "lag_ms_p50": round(quantiles[49], 1),
        "lag_ms_p95": round(quantiles[94], 1),
        "lag_ms_p99": round(quantiles[98], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=0.0, help="events/s offered; 0 = burst")
    args = parser.parse_args()
    data_dir = Path(f"/tmp/custody-bench-pg-{uuid.uuid4().hex[:8]}")
    server, url = start_postgres(data_dir, persistent=False)
    cluster = MockKafkaCluster()
    try:
        result = asyncio.run(run(args.events, args.rate, url, cluster.bootstrap_servers))
    finally:
        cluster.close()
        server.cleanup()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"messaging-{'burst' if not args.rate else f'{args.rate:g}per_s'}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The custody ledger at scale, on a real PostgreSQL (embedded pgserver unless DATABASE_URL).

1. Bulk-loads N entries (default 1,000,000) with their subtree hashes (COPY), checking the
   root against the incremental frontier.
2. Inclusion proofs for random entries through the service layer (entry lookup + one node
   query + folding), and their verification; consistency proofs between random sizes.
3. Appends/s sustained: records waiting on a real Kafka-protocol broker drained by the
   ledger's batch consumer; and the append path alone, 1,000 records per transaction.

Writes bench/results/ledger.json.   python bench/bench_ledger.py [--entries 1000000]
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from audit.adapters import repository
from audit.domain.entries import canonical_json, entry_leaf_hash
from audit.domain.merkle import MerkleFrontier, grow
from audit.domain.proofs import consistency_ranges, range_nodes
from audit.domain.verifiers import verify_consistency, verify_inclusion
from audit.entrypoints.handlers import EVENTS, on_audit_records
from audit.service_layer.ledger import append_records
from audit.service_layer.proofs import hashes, inclusion_proof
from audit.service_layer.tree_heads import current_root
from custody_contracts import topics
from custody_contracts.envelope import Envelope
from custody_contracts.events.audit import AuditRecord
from custody_contracts.principal import Principal
from custody_platform.consumer import BatchConsumer
from custody_platform.db import make_engine, make_session_factory
from custody_platform.embedded.kafka import MockKafkaCluster
from custody_platform.embedded.postgres import start_postgres
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from custody_platform.migrations import upgrade
from custody_platform.unit_of_work import UnitOfWork
from sqlalchemy import make_url

RESULTS = Path(__file__).parent / "results"
BURST = 5000
ORG = uuid.UUID("00000000-0000-4000-8000-00000000000a")
COPY_ENTRIES = (
    "COPY audit.ledger_entries (idx, event_id, record, canonical, leaf_hash, object_id) FROM STDIN"
)
COPY_NODES = "COPY audit.ledger_nodes (level, idx, hash) FROM STDIN"


def record(n: int) -> AuditRecord:
    return AuditRecord(
        service="evidence",
        actor_type="user",
        actor_id=str(uuid.UUID(int=n)),
        actor_org_id=ORG,
        action="evidence.downloaded",
        object_type="evidence",
        object_id=f"bench-{n}",
        object_hash="ab" * 32,
        org_ids=(ORG,),
        occurred_at=datetime.now(UTC),
        source_address="198.51.100.4",
        details={"case_id": str(uuid.UUID(int=n % 1000))},
    )


def bulk_load(dsn: str, count: int) -> dict[str, Any]:
    """COPY count entries and every subtree hash they complete; returns timings."""
    started = time.perf_counter()
    template = record(0).model_dump(mode="json")
    frontier: dict[tuple[int, int], bytes] = {}
    check = MerkleFrontier()
    stored = 0
    with (
        psycopg.connect(dsn) as entries_conn,
        psycopg.connect(dsn) as nodes_conn,
        entries_conn.cursor().copy(COPY_ENTRIES) as entries,
        nodes_conn.cursor().copy(COPY_NODES) as nodes,
    ):
        for n in range(count):
            document = {**template, "object_id": f"bench-{n}", "actor_id": str(n)}
            event_id = uuid.UUID(int=(1 << 64) + n)
            text = canonical_json(document, event_id)
            leaf = entry_leaf_hash(text)
            check.append(leaf)
            entries.write_row((n, event_id, json.dumps(document), text, leaf, f"bench-{n}"))
            for row in grow(n, frontier, [leaf])[1:]:  # level 0 is the entry's leaf_hash
                nodes.write_row(row)
                stored += 1
            if n % 4096 == 4095:  # keep only the complete subtrees of the tree so far
                frontier = {k: frontier[k] for k in range_nodes(0, n + 1)}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE audit.ledger_entries")
        conn.execute("VACUUM ANALYZE audit.ledger_nodes")
    return {"seconds": time.perf_counter() - started, "nodes": stored, "root": check.root()}


async def measure_proofs(factory: Any, size: int, samples: int) -> dict[str, float]:
    principal = Principal(user_id=uuid.uuid4(), org_id=ORG)
    generate, cpu, verify, reads = [], [], [], []
    async with UnitOfWork(factory, schema="audit", service="bench") as uow:
        _, root = await current_root(uow)
    async with UnitOfWork(factory, schema="audit", service="bench") as uow:
        head = await _head(uow, size, root)
        for n in random.sample(range(size), samples):
            event_id = uuid.UUID(int=(1 << 64) + n)
            t0, c0 = time.perf_counter(), time.process_time()
            found = await inclusion_proof(uow, principal, event_id, head)
            t1 = time.perf_counter()
            cpu.append(time.process_time() - c0)
            ok = verify_inclusion(bytes(found.entry.leaf_hash), n, size, found.path, root)
            t2 = time.perf_counter()
            assert ok, f"proof of {n} did not verify"
            generate.append(t1 - t0)
            verify.append(t2 - t1)
            reads.append(len(found.path))
        consistency = []
        for old in random.sample(range(1, size), samples // 4):
            t0 = time.perf_counter()
            proof = await hashes(uow, consistency_ranges(old, size))
            consistency.append(time.perf_counter() - t0)
            old_root = await _root_at(uow, old)
            assert verify_consistency(old, size, old_root, root, proof)
    return {
        **_ms("inclusion_proof_generation", generate),
        **_ms("inclusion_proof_generation_client_cpu", cpu),
        **_ms("inclusion_proof_verification", verify),
        **_ms("consistency_proof_generation", consistency),
        "audit_path_length": statistics.mean(reads),
    }


def server_times(dsn: str, size: int, samples: int) -> dict[str, float]:
    """Postgres's own execution time for the queries of one inclusion proof (EXPLAIN ANALYZE),
    apart from client overhead and scheduling on a shared machine."""
    from audit.adapters.repository import _SELECT_NODES
    from audit.domain.proofs import inclusion_ranges, nodes_for

    totals = []
    with psycopg.connect(dsn) as conn:
        for n in random.sample(range(size), samples):
            keys = nodes_for(inclusion_ranges(n, size))
            inner = [k for k in keys if k[0] > 0]
            params: dict[str, Any] = {
                "level": [k[0] for k in inner],
                "idx": [k[1] for k in inner],
                "leaves": [k[1] for k in keys if k[0] == 0],
            }
            sql = str(_SELECT_NODES).replace(":level", "%(level)s").replace(":idx", "%(idx)s")
            sql = sql.replace(":leaves", "%(leaves)s")
            event = uuid.UUID(int=(1 << 64) + n)
            lookups: list[tuple[str, dict[str, Any]]] = [
                ("SELECT * FROM audit.ledger_entries WHERE event_id = %(e)s", {"e": event}),
                ("SELECT * FROM audit.tree_heads ORDER BY id DESC LIMIT 1", {}),
                (sql, params),
            ]
            totals.append(sum(_execution_ms(conn, q, p) for q, p in lookups))
    ordered = sorted(totals)
    return {
        "inclusion_proof_db_execution_p50_ms": statistics.median(ordered),
        "inclusion_proof_db_execution_p99_ms": ordered[int(0.99 * (len(ordered) - 1))],
    }


def _execution_ms(conn: psycopg.Connection[Any], query: str, params: dict[str, Any]) -> float:
    plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}", params).fetchone()
    assert plan is not None
    return float(plan[0][0]["Execution Time"])


async def _head(uow: UnitOfWork, size: int, root: bytes) -> int:
    """A tree head row for the proofs (signature irrelevant to timing)."""
    from audit.adapters.orm import TreeHead

    head = TreeHead(tree_size=size, root_hash=root, timestamp_ms=0, key_id="bench", signature=b"")
    uow.session.add(head)
    await uow.session.flush()
    await uow.commit()
    assert head.id is not None
    return head.id


async def _root_at(uow: UnitOfWork, size: int) -> bytes:
    from audit.adapters import repository
    from audit.domain.proofs import range_hash

    nodes = await repository.nodes(uow.session, range_nodes(0, size))
    return range_hash(0, size, nodes)


def _ms(name: str, seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        f"{name}_p50_ms": 1000 * statistics.median(ordered),
        f"{name}_p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        f"{name}_max_ms": 1000 * ordered[-1],
    }


async def measure_appends(
    factory: Any, cluster: MockKafkaCluster, consumed: int, batched: int, batch: int
) -> dict[str, float]:
    """Sustained: bursts of records waiting on a topic (one partition, as audit.records in
    production) drained by the ledger's own batch consumer through a real broker, timed from
    the first batch handed to the ledger to the last one committed (producing and the group
    join are not timed). Direct: batches appended in one transaction each, no broker (the
    append path's own ceiling)."""

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, schema="audit", service="bench")

    publisher = KafkaPublisher(cluster.bootstrap_servers, "bench")
    await publisher.start()
    draining = 0.0
    # One topic per burst of BURST records: the embedded broker keeps only 5 MiB per
    # partition (docs/decisions/0001), about 7,000 records, so a burst must fit.
    for start in range(0, consumed, BURST):
        topic = f"{topics.AUDIT_RECORDS}.bench{start}"
        cluster.create_topic(topic, 1)
        count = min(BURST, consumed - start)
        await publisher.publish_many(
            [
                (topic, "k", record(n).model_dump_json().encode(), _headers())
                for n in range(start, start + count)
            ]
        )
        draining += await drain(cluster.bootstrap_servers, publisher, uow, topic, count)
    await publisher.stop()
    t0 = time.perf_counter()
    for start in range(0, batched, batch):
        async with uow() as unit:
            await append_records(
                unit, [(record(n), uuid.uuid4()) for n in range(start, start + batch)]
            )
            await unit.commit()
    return {
        "appends_per_s_sustained_through_kafka": consumed / draining,
        "appends_consumed": consumed,
        "appends_per_s_direct_batched": batched / (time.perf_counter() - t0),
        "append_batch_size": batch,
    }


async def drain(
    bootstrap: str, publisher: KafkaPublisher, uow: Any, topic: str, count: int
) -> float:
    """Seconds from the first batch handed to the ledger consumer to the last committed."""
    started: list[float] = []
    appended = 0
    all_in = asyncio.Event()

    async def timed(unit: UnitOfWork, items: Any) -> set[uuid.UUID]:
        nonlocal appended
        started.append(time.perf_counter())
        applied = await on_audit_records(unit, items)
        appended += len(items)
        if appended >= count:
            all_in.set()
        return applied

    async with uow() as unit:
        before = await repository.tree_size(unit.session)
    consumer = BatchConsumer(
        name="ledger",
        service="audit",
        events=EVENTS,
        batch_handler=timed,
        dedupes_itself=True,  # as the audit service's bootstrap builds it
        uow_factory=uow,
        dead_letters=publisher,
    )
    broker = make_broker(bootstrap, "bench")
    subscribe(broker, consumer, [topic], group_id=f"bench-{topic}")
    await broker.start()
    await all_in.wait()
    for _ in range(1000):  # the last batch's commit follows its handler
        async with uow() as unit:
            if await repository.tree_size(unit.session) >= before + count:
                break
    seconds = time.perf_counter() - started[0]
    await broker.stop()
    return seconds


def _headers() -> list[tuple[str, bytes]]:
    return Envelope(type="audit.record.v1", source="bench").to_headers()


async def run(dsn: str, sa_url: str, entries: int) -> dict[str, Any]:
    upgrade("audit", sa_url)
    loaded = bulk_load(dsn, entries)
    engine = make_engine(sa_url)
    factory = make_session_factory(engine)
    async with UnitOfWork(factory, schema="audit", service="bench") as uow:
        size, root = await current_root(uow)
    assert (size, root) == (entries, loaded["root"]), "stored tree disagrees with the frontier"
    result: dict[str, Any] = {
        "entries": entries,
        "bulk_load_seconds": loaded["seconds"],
        "stored_nodes": loaded["nodes"],
    }
    result |= await measure_proofs(factory, entries, samples=400)
    result |= server_times(dsn, entries, samples=100)
    result["load_average_1m"] = os.getloadavg()[0]
    result["cpus"] = os.cpu_count() or 0
    cluster = MockKafkaCluster()
    try:
        result |= await measure_appends(
            factory, cluster, consumed=50_000, batched=20_000, batch=1000
        )
    finally:
        cluster.close()
    await engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    server = None
    sa_url = os.environ.get("DATABASE_URL")
    if not sa_url:
        server, sa_url = start_postgres(
            Path(f"/tmp/custody-bench-{uuid.uuid4().hex[:8]}"), persistent=False
        )
    url = make_url(sa_url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        result = asyncio.run(run(dsn, sa_url, args.entries))
    finally:
        if server is not None:
            server.cleanup()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ledger.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Upload ingest through the device gateway's tus endpoint vs a raw write to the same store.

Starts embedded PostgreSQL, a Kafka-protocol mock broker and a real device-gateway process
(`python -m device_gateway`) on 127.0.0.1, enrolls a simulated device, then runs rounds of:
- raw: `ObjectStore.put` of the bytes (hashed, fsynced, renamed into place: what the store
  does for any write) to the same filesystem object store;
- ingest: a tus upload of the same bytes (creation, then PATCH requests), which the gateway
  stages, hashes as they arrive, verifies against the declared sha256 and has the store adopt.

Each round times both, in alternating order, so the two figures of a round meet the same
disk (this machine's disk slows down after about a gigabyte of writes). The ratio is the
median of the rounds' ratios (target >= 0.70). Two client behaviours are measured:
- `whole-file`: one PATCH for the whole file, what stock tus clients (tuspy, tus-js-client)
  do by default; this is the figure held against the target;
- `<n>mb-chunks`: one PATCH per n MB (`--chunk-mb`), as a client that limits what a dropped
  connection can cost.
Writes bench/results/ingest.json.

    python bench/bench_ingest.py [--file-mb 64] [--files 2] [--chunk-mb 8] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from custody_contracts.events.video_requests import ExportRequested
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.embedded.kafka import MockKafkaCluster
from custody_platform.embedded.postgres import start_postgres
from custody_platform.migrations import upgrade
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceRuntime
from device_gateway.config import Settings
from device_gateway.service_layer import commands, devices
from pydantic import SecretStr
from sqlalchemy import text

RESULTS = Path(__file__).parent / "results"
SECRET = "bench-secret-of-at-least-thirty-two-bytes"
MB = 1_000_000
PIECE = 1 << 20


@dataclass
class Gateway:
    """A device-gateway process and the database it uses (for setup from this process)."""

    url: str
    settings: Settings
    runtime: ServiceRuntime


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_gateway(workdir: Path, **extra_env: str) -> Iterator[Gateway]:
    server, database_url = start_postgres(workdir / "pg", persistent=False)
    cluster = MockKafkaCluster()
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=cluster.bootstrap_servers,
        object_store_path=workdir / "objects",
        staging_dir=workdir / "staging",
        jwt_secret=SecretStr(SECRET),
        http_port=_free_port(),
        grpc_port=_free_port(),
    )
    upgrade("device_gateway", database_url)
    env = {k: v for k, v in os.environ.items() if k != "S3_ENDPOINT"} | {
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrap_servers,
        "OBJECT_STORE_PATH": str(settings.object_store_path),
        "STAGING_DIR": str(settings.staging_dir),
        "JWT_SECRET": SECRET,
        "HTTP_PORT": str(settings.http_port),
        "GRPC_PORT": str(settings.grpc_port),
        "LOG_FORMAT": "json",
        **extra_env,
    }
    log = (workdir / "gateway.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "device_gateway"], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{settings.http_port}"
    try:
        _wait_healthy(url, process)
        yield Gateway(url, settings, ServiceRuntime(settings))
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        cluster.close()
        server.cleanup()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the device gateway exited; see gateway.log")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError("the device gateway did not start")


async def enrolled_device(gateway: Gateway) -> tuple[uuid.UUID, uuid.UUID, str]:
    """(device id, org id, access token) of a new in-car device."""
    admin = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_ORG_ADMIN})
    async with gateway.runtime.uow() as uow:
        new = devices.NewDevice("Bench car", "in_car", 2)
        device, code = await devices.create_device(uow, admin, new)
        await uow.commit()
    async with httpx.AsyncClient(base_url=gateway.url) as client:
        enrolled = (await client.post("/device/v1/enroll", json={"enrollment_code": code})).json()
        body = {"device_id": str(device.id), "device_secret": enrolled["device_secret"]}
        token = (await client.post("/device/v1/token", json=body)).json()["access_token"]
    return device.id, device.org_id, token


async def queue_command(gateway: Gateway, device_id: uuid.UUID, org_id: uuid.UUID) -> uuid.UUID:
    """An export for the device, as the ExportRequested handler queues it; its command id."""
    end = datetime.now(UTC)
    event = ExportRequested(
        export_id=uuid.uuid4(),
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=org_id,
        requester_org_id=uuid.uuid4(),
        camera_id=uuid.uuid4(),
        device_id=device_id,
        channel=1,
        start=end - timedelta(minutes=5),
        end=end,
        case_number="BENCH-1",
        permission="download",
    )
    async with gateway.runtime.uow() as uow:
        await commands.queue_export(uow, event, ttl=timedelta(hours=1))
        await uow.commit()
    query = text("SELECT id FROM device_gateway.commands WHERE export_id = :e")
    async with gateway.runtime.engine.connect() as conn:
        return uuid.UUID(str(await conn.scalar(query, {"e": event.export_id})))


def tus_upload(
    conn: http.client.HTTPConnection,
    token: str,
    command_id: uuid.UUID,
    chunks: list[bytes],
    sha256: str,
) -> str:
    """Creation, then one PATCH per chunk (cut beforehand: only the upload is timed)."""
    length = sum(len(c) for c in chunks)
    metadata = {"command_id": str(command_id), "sha256": sha256}
    encoded = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items())
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    created = _request(
        conn,
        "POST",
        "/device/v1/uploads",
        headers={**auth, "Upload-Length": str(length), "Upload-Metadata": encoded},
    )
    location = str(created.getheader("location"))
    offset = 0
    for content in chunks:
        headers = {
            **auth,
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(len(content)),
            "Upload-Offset": str(offset),
        }
        _request(conn, "PATCH", location, headers=headers, body=_pieces(content))
        offset += len(content)
    return location


def _request(
    conn: http.client.HTTPConnection,
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    body: Iterator[memoryview] | None = None,
) -> http.client.HTTPResponse:
    conn.request(method, url, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status >= 400:
        raise RuntimeError(f"{method} {url}: {response.status} {response.reason}")
    return response


def _pieces(content: bytes) -> Iterator[memoryview]:
    """The body streamed in 1 MiB views of the file, sent by `http.client` (the transport
    under tuspy's requests/urllib3) with one sendall each. The load generator shares the
    two cores with the gateway, so it copies nothing itself: httpx would copy each piece
    into h11's output, and a single bytes body even once per send() it takes."""
    view = memoryview(content)
    return (view[o : o + PIECE] for o in range(0, len(view), PIECE))


def raw_write(store: FilesystemObjectStore, files: list[bytes], digests: list[str]) -> float:
    started = time.perf_counter()
    for data, sha256 in zip(files, digests, strict=True):
        store.put(f"raw/{uuid.uuid4()}", data, expected_sha256=sha256)
    return time.perf_counter() - started


async def run(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    files = [os.urandom(args.file_mb * MB) for _ in range(args.files)]
    # The sender's hashes and chunks are ready beforehand in both paths: only the store's work
    # is timed.
    digests = [hashlib.sha256(data).hexdigest() for data in files]
    results: dict[str, object] = {"files": args.files, "file_mb": args.file_mb}
    with running_gateway(workdir) as gateway:
        device_id, org_id, token = await enrolled_device(gateway)
        store = FilesystemObjectStore(gateway.settings.object_store_path)
        host, port = gateway.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=300)
        try:
            for name, step in (("whole-file", 0), (f"{args.chunk_mb}mb-chunks", args.chunk_mb)):
                chunked = [_cut(data, step * MB) for data in files]

                async def ingest(chunked: list[list[bytes]] = chunked) -> float:
                    command_ids = [await queue_command(gateway, device_id, org_id) for _ in files]
                    started = time.perf_counter()
                    locations = [
                        tus_upload(conn, token, command_id, chunks, sha256)
                        for command_id, chunks, sha256 in zip(
                            command_ids, chunked, digests, strict=True
                        )
                    ]
                    elapsed = time.perf_counter() - started
                    for location, sha256 in zip(locations, digests, strict=True):
                        stored = store.stat(f"uploads/{location.rsplit('/', 1)[1]}")
                        assert stored.sha256 == sha256
                    return elapsed

                async def raw() -> float:
                    return await asyncio.to_thread(raw_write, store, files, digests)

                result = await _paired_rounds(raw, ingest, args.rounds, sum(map(len, files)))
                result["patches_per_file"] = len(chunked[0])
                results[name] = result
        finally:
            conn.close()
        await gateway.runtime.engine.dispose()
    results["target_ratio"] = 0.70
    return results


def _cut(data: bytes, step: int) -> list[bytes]:
    """The file as PATCH bodies of `step` bytes (the whole file in one when step is 0)."""
    if step <= 0:
        return [data]
    return [data[o : o + step] for o in range(0, len(data), step)]


async def _paired_rounds(
    raw: Callable[[], Awaitable[float]],
    ingest: Callable[[], Awaitable[float]],
    rounds: int,
    total: int,
) -> dict[str, object]:
    """Both timings per round, in alternating order; MB/s from each side's median round."""
    raw_s: list[float] = []
    ingest_s: list[float] = []
    for round_number in range(rounds):
        if round_number % 2 == 0:
            raw_s.append(await raw())
            ingest_s.append(await ingest())
        else:
            ingest_s.append(await ingest())
            raw_s.append(await raw())
    return {
        "raw_store_mb_s": round(total / MB / statistics.median(raw_s), 1),
        "tus_ingest_mb_s": round(total / MB / statistics.median(ingest_s), 1),
        "ratio": round(statistics.median(r / i for r, i in zip(raw_s, ingest_s, strict=True)), 3),
        "round_ratios": [round(r / i, 3) for r, i in zip(raw_s, ingest_s, strict=True)],
        "raw_seconds": [round(s, 3) for s in raw_s],
        "ingest_seconds": [round(s, 3) for s in ingest_s],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file-mb", type=int, default=64)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--chunk-mb", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="custody-bench-ingest-") as workdir:
        result = asyncio.run(run(args, Path(workdir)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""What the device gateway spends on tus ingest, in figures machine load distorts little:
CPU seconds of the gateway process (utime + stime from /proc/PID/stat, all its threads) per
GiB uploaded as one PATCH and in 8 MB PATCHes, CPU milliseconds per PATCH of 4 KiB, and the
database statements per PATCH (counted in PostgreSQL's own log with `log_statement = all`).
Wall-clock figures are printed beside them with the load average (issue 19 §4, decision 0056).

Starts the same stack as bench_ingest.py (embedded PostgreSQL, mock broker, a real
`python -m device_gateway`). Writes bench/results/ingest_cost.json.

    python bench/bench_ingest_cost.py [--file-mb 256] [--rounds 3] [--patches 300]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import http.client
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_ingest import (
    MB,
    RESULTS,
    Gateway,
    _cut,
    _pieces,
    enrolled_device,
    queue_command,
    running_gateway,
    tus_upload,
)
from sqlalchemy import text

GIB = 1 << 30
BULK_LEGS = (
    ("whole-file", 0, False),
    ("8mb-chunks", 8 * MB, False),
    ("whole-file-sha256", 0, True),  # tuspy's default chunk size with upload_checksum=True
)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (every thread of it) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def minor_faults(pid: int) -> int:
    """Page faults served without I/O (fresh memory touched) by the process so far."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def _load() -> float:
    return round(os.getloadavg()[0], 2)


async def _bulk_leg(
    gateway: Gateway,
    pid: int,
    conn: http.client.HTTPConnection,
    ids: tuple,
    data: bytes,
    step: int,
    checksums: bool = False,
) -> dict[str, object]:
    device_id, org_id, token = ids
    sha256 = hashlib.sha256(data).hexdigest()
    chunks = _cut(data, step)
    command_id = await queue_command(gateway, device_id, org_id)
    faults_before = minor_faults(pid)
    load_before, cpu_before, started = _load(), cpu_seconds(pid), time.perf_counter()
    if checksums:  # every PATCH carries its sha256, as tuspy's upload_checksum=True sends
        location = _create(conn, token, command_id, len(data), sha256)
        _patches(conn, token, location, chunks, checksums=True)
    else:
        tus_upload(conn, token, command_id, chunks, sha256)
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    return {
        "cpu_s_per_gib": round(cpu * GIB / len(data), 3),
        "minor_faults_per_gib": round((minor_faults(pid) - faults_before) * GIB / len(data)),
        "mb_s": round(len(data) / MB / wall, 1),
        "load": [load_before, _load()],
    }


def _statement_count(log: Path) -> int:
    logged = log.read_text(errors="replace")
    return logged.count("LOG:  statement:") + logged.count("LOG:  execute")


async def _log_statements(gateway: Gateway, on: bool) -> None:
    async with gateway.runtime.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        value = "all" if on else "none"
        await conn.execute(text(f"ALTER SYSTEM SET log_statement = '{value}'"))
        await conn.execute(text("SELECT pg_reload_conf()"))
    await asyncio.sleep(0.5)


async def _small_patches(
    gateway: Gateway, pid: int, conn: http.client.HTTPConnection, ids: tuple, count: int, log: Path
) -> dict[str, object]:
    """One upload of `count` PATCHes of 4 KiB: CPU and statements per PATCH (creation and
    completion excluded: the upload's last 4 KiB are not sent)."""
    device_id, org_id, token = ids
    data = os.urandom(4096 * (count + 1))
    chunks = _cut(data, 4096)
    command_id = await queue_command(gateway, device_id, org_id)
    sha256 = hashlib.sha256(data).hexdigest()
    location = _create(conn, token, command_id, len(data), sha256)
    await _log_statements(gateway, True)
    statements_before = _statement_count(log)
    load_before, cpu_before, started = _load(), cpu_seconds(pid), time.perf_counter()
    _patches(conn, token, location, chunks[:count])
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    await asyncio.sleep(0.5)
    statements = _statement_count(log) - statements_before
    await _log_statements(gateway, False)
    sent = count
    return {
        "patches": sent,
        "cpu_ms_per_patch": round(cpu * 1000 / sent, 2),
        "wall_ms_per_patch": round(wall * 1000 / sent, 2),
        "statements_per_patch": round(statements / sent, 2),
        "load": [load_before, _load()],
    }


def _create(
    conn: http.client.HTTPConnection, token: str, command_id: object, length: int, sha256: str
) -> str:
    metadata = {"command_id": str(command_id), "sha256": sha256}
    encoded = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items())
    headers = {
        "Authorization": f"Bearer {token}",
        "Tus-Resumable": "1.0.0",
        "Upload-Length": str(length),
        "Upload-Metadata": encoded,
    }
    conn.request("POST", "/device/v1/uploads", headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 201:
        raise RuntimeError(f"POST: {response.status} {response.reason}")
    return str(response.getheader("location"))


def _patches(
    conn: http.client.HTTPConnection,
    token: str,
    location: str,
    chunks: list,
    *,
    checksums: bool = False,
) -> None:
    offset = 0
    for content in chunks:
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode() if checksums else ""
        headers = {
            **({"Upload-Checksum": f"sha256 {digest}"} if checksums else {}),
            "Authorization": f"Bearer {token}",
            "Tus-Resumable": "1.0.0",
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(len(content)),
            "Upload-Offset": str(offset),
        }
        conn.request("PATCH", location, body=_pieces(content), headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 204:
            raise RuntimeError(f"PATCH: {response.status} {response.reason}")
        offset += len(content)


async def run(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    data = os.urandom(args.file_mb * MB)
    results: dict[str, object] = {"file_mb": args.file_mb}
    with running_gateway(workdir) as gateway:
        pid = _gateway_pid(workdir)
        ids = await enrolled_device(gateway)
        host, port = gateway.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=300)
        try:
            for name, step, checksums in BULK_LEGS:
                if name not in args.legs:
                    continue
                legs = [
                    await _bulk_leg(gateway, pid, conn, ids, data, step, checksums)
                    for _ in range(args.rounds)
                ]
                results[name] = {
                    "cpu_s_per_gib_median": statistics.median(
                        float(str(leg["cpu_s_per_gib"])) for leg in legs
                    ),
                    "rounds": legs,
                }
            if "4kib-patches" in args.legs:
                log = workdir / "pg" / "log"
                results["4kib-patches"] = await _small_patches(
                    gateway, pid, conn, ids, args.patches, log
                )
        finally:
            conn.close()
        await gateway.runtime.engine.dispose()
    return results


def _gateway_pid(workdir: Path) -> int:
    """The device gateway's pid: the python child listening for this bench run."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"device_gateway" in cmdline and str(workdir).encode() in environ:
            return int(proc.name)
    raise RuntimeError("device gateway process not found")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file-mb", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--patches", type=int, default=300)
    parser.add_argument("--legs", default="whole-file,8mb-chunks,whole-file-sha256,4kib-patches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="custody-bench-ingest-cost-") as workdir:
        result = asyncio.run(run(args, Path(workdir)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest_cost.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

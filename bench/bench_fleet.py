"""A fleet of simulated devices long-polling ONE device gateway process on loopback.

Per fleet size (--steps, e.g. 1000,2500,5000,10000): a load generator in another process
(asyncio streams, one keep-alive socket per device, raw HTTP/1.1) holds every device in a
check-in long-poll (`wait=--wait`); then, with the fleet connected:
- the gateway's CPU% while the fleet only long-polls (/proc/PID/stat over --idle seconds),
  its RSS (and RSS per connected device over the empty gateway), file descriptors, the
  Postgres connections in use, the check-ins answered per second (0 when --idle is shorter
  than --wait: a parked check-in answers only when its wait ends);
- command delivery: a command queued for --samples random connected devices, timed from the
  queue commit to the device reading it (p50/p95/p99; the issue's target: p95 <= 1 s).
The load average is recorded with each step. Devices are made in bulk in this process by
the service layer (`devices.create_device`, what the admin API calls) and given tokens
signed with the gateway's secret (what /device/v1/token returns): check-in only asks that
the token verifies and the device exists unrevoked. Writes bench/results/fleet.json.

    python bench/bench_fleet.py [--steps 1000,2500] [--samples 50] [--idle 60] [--wait 25]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench_ingest import RESULTS, SECRET, Gateway, queue_command, running_gateway
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from device_gateway.adapters.tokens import DeviceTokens
from device_gateway.domain.model import DeviceIdentity
from device_gateway.service_layer import devices
from sqlalchemy import text

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


async def _device_loop(port: int, index: int, token: str, wait: float, out: Any) -> None:
    """Check in again and again on one socket; report every command id the device reads."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = b'{"recording": true, "battery_percent": 80}'
    request = (
        f"POST /device/v1/checkin?wait={wait} HTTP/1.1\r\nHost: gw\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    while True:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        answer = json.loads(await reader.readexactly(length))
        out.put(("done", index, time.monotonic(), [c["id"] for c in answer.get("commands", [])]))


async def _fleet(port: int, tokens: list[str], wait: float, ramp: float, out: Any) -> None:
    tasks = []
    for index, token in enumerate(tokens):
        tasks.append(asyncio.create_task(_device_loop(port, index, token, wait, out)))
        await asyncio.sleep(ramp / len(tokens))
    out.put(("connected", len(tasks), time.monotonic(), []))
    await asyncio.gather(*tasks)


def load_generator(port: int, tokens: list[str], wait: float, ramp: float, out: Any) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(_fleet(port, tokens, wait, ramp, out))


async def make_fleet(gateway: Gateway, count: int) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    admin = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_ORG_ADMIN})
    signer = DeviceTokens(SECRET, timedelta(hours=6))
    fleet = []
    for start in range(0, count, 500):
        async with gateway.runtime.uow() as uow:
            made = []
            for _ in range(start, min(count, start + 500)):
                new = devices.NewDevice("Fleet car", "in_car", 2)
                made.append((await devices.create_device(uow, admin, new))[0])
            await uow.commit()
        for device in made:
            token = signer.issue(DeviceIdentity(device.id, device.org_id))
            fleet.append((device.id, device.org_id, token))
    return fleet


def _gateway_pid() -> int:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"device_gateway" in cmdline:
            return int(entry.name)
    raise RuntimeError("no device gateway child process")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mb(pid: int) -> float:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 1e6


def _drain(out: Any, received: dict[str, float]) -> int:
    """Check-ins answered since the last drain; first receipt time per command id."""
    answered = 0
    while not out.empty():
        kind, _, at, ids = out.get()
        answered += kind == "done"
        for command_id in ids:
            received.setdefault(command_id, at)
    return answered


async def _pg_connections(gateway: Gateway) -> int:
    query = text("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
    async with gateway.runtime.engine.connect() as conn:
        return int(await conn.scalar(query) or 0)


async def _idle(pid: int, out: Any, seconds: float) -> dict[str, float]:
    _drain(out, {})
    cpu0, wall0 = _cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    cpu, wall = _cpu_seconds(pid) - cpu0, time.monotonic() - wall0
    answered = _drain(out, {})
    return {"idle_cpu_percent": round(100 * cpu / wall, 1), "checkins_per_s": answered / wall}


async def _latencies(gateway: Gateway, fleet: list[Any], out: Any, samples: int) -> list[float]:
    received: dict[str, float] = {}
    queued: dict[str, float] = {}
    for device_id, org_id, _ in random.sample(fleet, samples):
        command_id = await queue_command(gateway, device_id, org_id)
        queued[str(command_id)] = time.monotonic()
        _drain(out, received)
        await asyncio.sleep(0.05)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not set(queued) <= set(received):
        _drain(out, received)
        await asyncio.sleep(0.02)
    return [received.get(c, float("inf")) - t for c, t in queued.items()]


def _quantiles(latencies: list[float]) -> dict[str, float]:
    ms = sorted(1000 * x for x in latencies)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    lost = sum(x == float("inf") for x in ms)
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "p99_ms": round(cuts[98], 1), "undelivered_in_30s": lost}  # fmt: skip


async def _step(gateway: Gateway, fleet: list[Any], args: argparse.Namespace) -> dict[str, Any]:
    pid, port, size = _gateway_pid(), gateway.settings.http_port, len(fleet)
    out: Any = mp.get_context("spawn").Queue()
    tokens = [token for _, _, token in fleet]
    ramp = max(2.0, size / 500)
    generator = mp.get_context("spawn").Process(
        target=load_generator, args=(port, tokens, args.wait, ramp, out), daemon=True
    )
    generator.start()
    await asyncio.sleep(ramp + 3)
    try:
        step: dict[str, Any] = {"devices": size, "load_before": os.getloadavg()}
        step |= await _idle(pid, out, args.idle)
        step["rss_mb"] = round(_rss_mb(pid), 1)
        step["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
        step["pg_connections"] = await _pg_connections(gateway)
        step["delivery"] = _quantiles(await _latencies(gateway, fleet, out, args.samples))
        step["load_after"] = os.getloadavg()
    finally:
        generator.kill()
        generator.join()
    return step


async def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    steps = [int(s) for s in args.steps.split(",")]
    with running_gateway(workdir) as gateway:
        pid = _gateway_pid()
        fleet = await make_fleet(gateway, max(steps))
        await asyncio.sleep(2)
        empty_rss = _rss_mb(pid)
        results = []
        for size in steps:
            step = await _step(gateway, fleet[:size], args)
            step["rss_per_device_kb"] = round(1000 * (step["rss_mb"] - empty_rss) / size, 1)
            print(json.dumps(step), flush=True)
            results.append(step)
            await asyncio.sleep(3)
        await gateway.runtime.engine.dispose()
    return {"empty_rss_mb": round(empty_rss, 1), "wait_s": args.wait, "steps": results}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="1000,2500,5000,10000")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--idle", type=float, default=60)
    parser.add_argument("--wait", type=float, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="custody-bench-fleet-") as workdir:
        result = asyncio.run(run(args, Path(workdir)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fleet.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Command delivery latency after a device comes online, through a real device gateway.

Two cases, each measured --samples times:
- waiting: a command is queued while the device is offline; the device comes online and
  checks in (long-poll). Latency: check-in request sent -> command received.
- arriving: the device is online, parked in a long-poll; a command is queued. Latency:
  queue commit -> command received by the device (bounded by CHECKIN_POLL_SECONDS).
Target: within 1 s. Writes bench/results/command-latency.json.

    python bench/bench_command_latency.py [--samples 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from bench_ingest import RESULTS, Gateway, enrolled_device, queue_command, running_gateway


def _summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(ms * 1000 for ms in latencies)
    if len(ordered) < 2:
        return {"p50_ms": round(ordered[0], 1), "p95_ms": round(ordered[0], 1)}
    quantiles = statistics.quantiles(ordered, n=20, method="inclusive")
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(quantiles[18], 1),
        "max_ms": round(ordered[-1], 1),
    }


async def _checkin(client: httpx.AsyncClient, token: str, wait: float) -> list[dict[str, str]]:
    response = await client.post(
        f"/device/v1/checkin?wait={wait}",
        json={"recording": True, "battery_percent": 80},
        headers={"Authorization": f"Bearer {token}"},
    )
    response.raise_for_status()
    commands: list[dict[str, str]] = response.json()["commands"]
    return commands


async def waiting_case(gateway: Gateway, client: httpx.AsyncClient) -> float:
    device_id, org_id, token = await enrolled_device(gateway)
    await queue_command(gateway, device_id, org_id)
    started = time.perf_counter()
    commands = await _checkin(client, token, wait=10)
    assert len(commands) == 1
    return time.perf_counter() - started


async def arriving_case(gateway: Gateway, client: httpx.AsyncClient) -> float:
    device_id, org_id, token = await enrolled_device(gateway)
    await _checkin(client, token, wait=0)  # online, nothing due
    poll = asyncio.create_task(_checkin(client, token, wait=20))
    await asyncio.sleep(0.5)  # the device is parked in its long-poll
    await queue_command(gateway, device_id, org_id)
    queued = time.perf_counter()
    commands = await poll
    assert len(commands) == 1
    return time.perf_counter() - queued


async def run(samples: int, workdir: Path) -> dict[str, object]:
    with running_gateway(workdir, CHECKIN_POLL_SECONDS="0.2") as gateway:
        async with httpx.AsyncClient(base_url=gateway.url, timeout=60) as client:
            waiting = [await waiting_case(gateway, client) for _ in range(samples)]
            arriving = [await arriving_case(gateway, client) for _ in range(samples)]
        await gateway.runtime.engine.dispose()
    return {
        "samples": samples,
        "checkin_poll_seconds": 0.2,
        "queued_before_online": _summary(waiting),
        "queued_while_long_polling": _summary(arriving),
        "target_ms": 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="custody-bench-latency-") as workdir:
        result = asyncio.run(run(args.samples, Path(workdir)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "command-latency.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

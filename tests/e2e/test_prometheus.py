"""The real Prometheus (Debian's `prometheus` binary) scrapes every service of the embedded
stack and loads the alert rules; after a little traffic (an upload, its ingest and download,
a redaction, a requests listing) every query of every Grafana dashboard returns data, and
every alert rule evaluates without error."""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from custody_devicesim.clip import make_clip

from .conftest import login, wait_until
from .helpers import call, new_case, new_org, tus_upload, wait_for_items

# Traffic, a redaction and the scrapes that follow take minutes on a loaded machine.
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "infra" / "grafana" / "dashboards"
RULES = ROOT / "infra" / "prometheus" / "alerts.yml"
SCRAPE_SECONDS = 2


def dashboard_queries() -> list[tuple[str, str]]:
    """(where, expr) of every target of every panel; `$service` stands for every service."""
    found = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel["targets"]:
                expr = target["expr"].replace("$service", ".*")
                found.append((f"{path.stem} / {panel['title']} / {target['refId']}", expr))
    return found


@pytest.fixture(scope="module")
def prometheus(stack: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("prometheus")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("prometheus is not installed (apt-get install prometheus)")
        pytest.skip("prometheus is not installed")
    home = tmp_path_factory.mktemp("prometheus")
    (home / "prometheus.yml").write_text(yaml.safe_dump(scrape_config(stack)))
    port = free_port()
    with (home / "prometheus.log").open("w") as log:
        process = subprocess.Popen(
            [
                binary,
                f"--config.file={home / 'prometheus.yml'}",
                f"--storage.tsdb.path={home / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: ready(url, process), timeout=60, what="Prometheus ready")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def scrape_config(stack: dict[str, Any]) -> dict[str, Any]:
    """infra/prometheus/prometheus.yml's scrape job, pointed at the embedded stack's ports."""
    targets = [
        {"targets": [f"127.0.0.1:{service['http_port']}"], "labels": {"service": name}}
        for name, service in stack["services"].items()
    ]
    interval = f"{SCRAPE_SECONDS}s"
    return {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        "rule_files": [str(RULES)],
        "scrape_configs": [
            {"job_name": "custody", "honor_labels": True, "static_configs": targets}
        ],
    }


@pytest.fixture(scope="module")
def traffic(stack: dict[str, Any], gateway: httpx.Client, prometheus: str) -> None:
    """What an hour of use would show on every dashboard, in a minute: an upload through tus,
    its ingest, processing and download, a redaction of it, and a listing of requests."""

    def scraped() -> bool:  # a series first seen after its observation would show no rate
        answer = httpx.get(f"{prometheus}/api/v1/query", params={"query": "up"}, timeout=10)
        return len(answer.json()["data"]["result"]) >= len(stack["services"])

    wait_until(scraped, timeout=60, what="a first scrape of every service")
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    lead = new_org(gateway, admin, "Scraped PD", {"lead": ["investigator"]})["users"]["lead"]
    case = new_case(gateway, lead["headers"])
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead["headers"], {}, 201)
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    # Twice each, a scrape apart: a series is born at its first observation, and rate() needs
    # a second one after it.
    clips = [make_clip(f"gate-{n}", 1, start, start + timedelta(seconds=3)) for n in (1, 2)]
    # The redaction first: behind a queue of earlier jobs its analysis can take minutes, and
    # the 5-minute rates of uploads and downloads must still hold them when the queries run.
    tus_upload(grant["tus_url"], grant["token"], clips[0], "gate-0.mp4", "video/mp4")
    [first] = wait_for_items(gateway, lead["headers"], case["id"], 1)
    path = f"/api/v1/evidence/{first['id']}/redactions"
    job = call(gateway, "POST", path, lead["headers"], None, 202)

    def analysed() -> bool:  # 404 until the redaction service has heard of the request
        found = gateway.get(f"/api/v1/redactions/{job['job_id']}", headers=lead["headers"])
        return found.status_code == 200 and found.json()["status"] in ("awaiting_review", "failed")

    wait_until(analysed, timeout=240, interval=0.5, what="the redaction's analysis")
    time.sleep(2 * SCRAPE_SECONDS)
    tus_upload(grant["tus_url"], grant["token"], clips[1], "gate-1.mp4", "video/mp4")
    time.sleep(2 * SCRAPE_SECONDS)
    for item in wait_for_items(gateway, lead["headers"], case["id"], 2):
        download = gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=lead["headers"])
        assert download.content in clips
        time.sleep(2 * SCRAPE_SECONDS)
    for _ in range(2):
        call(gateway, "GET", "/api/v1/requests", lead["headers"])
        time.sleep(2 * SCRAPE_SECONDS)


def test_every_dashboard_query_returns_data(prometheus: str, traffic: None) -> None:
    queries = dashboard_queries()
    assert len(queries) >= 30
    missing = dict(queries)
    deadline = time.monotonic() + 240  # a tree head is signed within the audit's minute
    while missing and time.monotonic() < deadline:
        for where, expr in list(missing.items()):
            if has_data(prometheus, expr):
                del missing[where]
        time.sleep(SCRAPE_SECONDS)
    assert not missing, "queries without data:\n" + "\n".join(missing)


def test_every_alert_rule_evaluates_against_the_real_metrics(
    prometheus: str, traffic: None
) -> None:
    def evaluated() -> list[dict[str, Any]] | None:
        groups = httpx.get(f"{prometheus}/api/v1/rules", timeout=10).json()["data"]["groups"]
        rules = [rule for group in groups for rule in group["rules"]]
        return rules if rules and all(rule["health"] != "unknown" for rule in rules) else None

    rules = wait_until(evaluated, timeout=60, what="every rule evaluated")
    assert [(r["name"], r.get("lastError")) for r in rules if r["health"] != "ok"] == []
    firing = [r["name"] for r in rules if r["state"] == "firing"]
    assert firing == [], "a healthy stack fires no alert"


def has_data(prometheus: str, expr: str) -> bool:
    """At least one series with a number (histogram_quantile over no observations is NaN)."""
    answer = httpx.get(f"{prometheus}/api/v1/query", params={"query": expr}, timeout=10)
    assert answer.status_code == 200, f"{expr}: {answer.text}"
    result = answer.json()["data"]["result"]
    return any(not math.isnan(float(series["value"][1])) for series in result)


def ready(url: str, process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, "Prometheus exited; see prometheus.log"
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{url}/-/ready", timeout=2).status_code == 200
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

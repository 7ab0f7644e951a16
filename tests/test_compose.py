"""The production stack's files agree with each other: docker-compose.yml is valid, runs every
service of infra/services.yaml, Prometheus scrapes them all, and kafka-init creates every topic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {
    "JWT_SECRET": "test-jwt-secret",
    "POSTGRES_PASSWORD": "test-postgres",
    "MINIO_ROOT_PASSWORD": "test-minio-root",
    "S3_SECRET_KEY": "test-minio-service",
    "FIRST_ADMIN_PASSWORD": "test-admin",
    "GRAFANA_ADMIN_PASSWORD": "test-grafana",
    "AUDIT_LEDGER_PASSWORD": "test-audit-ledger",
    "SMTP_URL": "smtp://relay.invalid:587",
    "CUSTODY_DOMAIN": "custody.invalid",
    "CADDY_TLS": "internal",
}


def services() -> list[dict[str, str]]:
    return yaml.safe_load((ROOT / "infra" / "services.yaml").read_text())["services"]


def compose_file() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def docker_compose(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if shutil.which("docker-compose") is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is missing (apt-get install docker-compose)")
        pytest.skip("docker-compose is not installed")
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_file_is_valid() -> None:
    result = docker_compose("config", "-q", env=REQUIRED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_every_secret_is_required(missing: str) -> None:
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = docker_compose("config", "-q", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_every_service_runs_from_the_one_image_in_production_mode() -> None:
    compose = compose_file()["services"]
    for service in services():
        container = compose[service["name"]]
        assert container["command"] == ["python", "-m", service["module"]]
        assert container["image"] == compose["gateway"]["image"]
        assert container["environment"]["CUSTODY_ENV"] == "production"
        assert container["environment"]["SERVICE_NAME"] == service["name"]
        assert "/healthz" in " ".join(container["healthcheck"]["test"])
        assert "ports" not in container  # behind the front door only
    for service in services():
        if service["name"] != "web":  # the web app opens no database
            depends = compose[service["name"]]["depends_on"]
            assert depends["postgres"] == {"condition": "service_healthy"}


def test_only_the_front_door_is_published_and_operator_uis_stay_on_localhost() -> None:
    for name, container in compose_file()["services"].items():
        for port in container.get("ports", []):
            assert name == "caddy" or str(port).startswith("127.0.0.1:"), (name, port)
    assert compose_file()["services"]["mailpit"]["profiles"] == ["dev"]


def test_prometheus_scrapes_every_service() -> None:
    config = yaml.safe_load((ROOT / "infra" / "prometheus" / "prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    }
    port = compose_file()["x-service-env"]["HTTP_PORT"]
    assert {f"{s['name']}:{port}" for s in services()} <= targets


def test_alert_rules_cover_the_custody_failure_modes() -> None:
    rules = yaml.safe_load((ROOT / "infra" / "prometheus" / "alerts.yml").read_text())
    exprs = " ".join(rule["expr"] for group in rules["groups"] for rule in group["rules"])
    for metric in (
        "up{",
        "custody_outbox_backlog",
        "custody_events_dead_lettered_total",
        "custody_events_failed_total",
        "custody_object_integrity_failures_total > 0",
    ):
        assert metric in exprs


def test_kafka_init_creates_every_topic_of_topics_yaml() -> None:
    topics = yaml.safe_load((ROOT / "infra" / "kafka" / "topics.yaml").read_text())["topics"]
    script = ROOT / "infra" / "kafka" / "create-topics.sh"
    result = subprocess.run(
        ["bash", str(script), "--dry-run", str(ROOT / "infra" / "kafka" / "topics.yaml")],
        env={**os.environ, "MAX_REPLICATION_FACTOR": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if "--topic" in line]
    created = {_flag(line, "--topic"): line for line in lines}
    assert set(created) == set(topics)
    for name, spec in topics.items():
        assert _flag(created[name], "--partitions") == str(spec["partitions"])
        assert _flag(created[name], "--replication-factor") == "1"
        assert f"retention.ms={spec['retention_ms']}" in created[name]
    assert "create-topics.sh" in " ".join(compose_file()["services"]["kafka-init"]["entrypoint"])


def _flag(command: str, flag: str) -> str:
    words = command.split()
    return words[words.index(flag) + 1]

"""The embedded supervisor, run as a real subprocess against two dummy services.

One stack (real Postgres, mock Kafka cluster, SMTP sink) is shared by the tests of this
module; the last test stops it with SIGINT.
"""

from __future__ import annotations

import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import pytest
from custody_platform.embedded.credentials import load_or_create
from custody_platform.embedded.smtp import read_messages

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FIXTURES = Path(__file__).parent / "fixtures"
SERVICES = "services:\n  - {name: gateway, module: dummy_service}\n" + (
    "  - {name: device-gateway, module: dummy_service}\n"
)
EXTERNAL = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "SMTP_URL")


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    data_dir: Path
    output: Path

    def info(self) -> dict[str, Any]:
        return json.loads((self.data_dir / "stack.json").read_text())

    def text(self) -> str:
        return self.output.read_text(errors="replace")


def start_supervisor(tmp: Path, *extra: str, env: dict[str, str] | None = None) -> Stack:
    (tmp / "services.yaml").write_text(SERVICES)
    base = {k: v for k, v in os.environ.items() if k not in EXTERNAL}
    base["PYTHONPATH"] = os.pathsep.join([str(FIXTURES), base.get("PYTHONPATH", "")])
    output = tmp / "supervisor.out"
    command = [sys.executable, "-m", "custody_platform.embedded", "run"]
    args = ["--data-dir", str(tmp / "data"), "--services-file", str(tmp / "services.yaml")]
    process = subprocess.Popen(
        [*command, *args, "--ephemeral-ports", *extra],
        env={**base, **(env or {})},
        stdout=output.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Stack(process, tmp / "data", output)


def wait_for(predicate: Any, timeout: float, what: str, stack: Stack) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; supervisor output:\n{stack.text()}")
        time.sleep(0.2)


def get(url: str) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        return response.status, response.read()


def alive(pid: int) -> bool:
    """Running and not a zombie waiting for a parent that never reaps it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = start_supervisor(tmp_path_factory.mktemp("supervisor"))
    try:
        ready = (stack.data_dir / "stack.json").exists
        wait_for(lambda: ready() or stack.process.poll() is not None, 120, "stack.json", stack)
        assert ready(), f"supervisor exited early:\n{stack.text()}"
        yield stack
    finally:
        if stack.process.poll() is None:
            stack.process.kill()
            stack.process.wait()


def test_stack_json_describes_the_stack(stack: Stack) -> None:
    info = stack.info()
    services = info["services"]
    assert set(services) == {"gateway", "device-gateway"}
    assert info["gateway_url"] == f"http://127.0.0.1:{services['gateway']['http_port']}"
    assert info["admin_email"] == "admin@custody.local"
    assert info["admin_password"] == load_or_create(stack.data_dir).admin_password
    assert info["object_store_path"] == str(stack.data_dir / "objects")
    assert Path(info["object_store_path"]).is_dir()
    assert "Custody is running" in stack.text()


def test_every_service_is_healthy(stack: Stack) -> None:
    for service in stack.info()["services"].values():
        assert get(f"http://127.0.0.1:{service['http_port']}/healthz")[0] == 200


def test_services_get_the_stack_in_their_environment(stack: Stack) -> None:
    info = stack.info()
    ports = info["services"]
    env = json.loads(get(f"{info['device_gateway_url']}/env")[1])
    assert env["SERVICE_NAME"] == "device-gateway"
    assert env["HTTP_PORT"] == str(ports["device-gateway"]["http_port"])
    assert env["GATEWAY_GRPC_ADDR"] == f"127.0.0.1:{ports['gateway']['grpc_port']}"
    assert env["DEVICE_GATEWAY_GRPC_ADDR"] == f"127.0.0.1:{ports['device-gateway']['grpc_port']}"
    assert env["PUBLIC_BASE_URL"] == info["gateway_url"]
    assert env["DEVICE_GATEWAY_PUBLIC_URL"] == info["device_gateway_url"]
    assert env["CUSTODY_ENV"] == "dev" and env["LOG_FORMAT"] == "json"
    assert env["JWT_SECRET"] == load_or_create(stack.data_dir).jwt_secret
    assert env["FIRST_ADMIN_PASSWORD"] == info["admin_password"]
    expected = ("database_url", "kafka_bootstrap_servers", "smtp_url", "object_store_path")
    assert [env[key.upper()] for key in expected] == [info[key] for key in expected]


def test_backends_are_real(stack: Stack) -> None:
    info = stack.info()
    url = info["database_url"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@custody.local", "b@example.org", "hi"
    msg.set_content("hello")
    port = int(info["smtp_url"].rsplit(":", 1)[1])
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(msg)
    assert [m["Subject"] for m in read_messages(info["mail_dir"])] == ["hi"]


def test_output_is_prefixed_and_logged_per_service(stack: Stack) -> None:
    assert "[gateway] gateway listening on" in stack.text()
    assert "[device-gateway] device-gateway listening on" in stack.text()
    log = (stack.data_dir / "logs" / "gateway.log").read_text()
    assert "gateway listening on" in log and "[gateway]" not in log


def test_a_dead_service_is_restarted(stack: Stack) -> None:
    old_pid = stack.info()["services"]["gateway"]["pid"]
    os.kill(old_pid, signal.SIGKILL)
    new_pid = lambda: stack.info()["services"]["gateway"]["pid"]  # noqa: E731
    wait_for(lambda: new_pid() != old_pid, 30, "a restarted gateway", stack)
    assert "gateway exited unexpectedly with code -9; restart 1/5" in stack.text()
    url = f"{stack.info()['gateway_url']}/healthz"
    wait_for(lambda: _answers(url), 30, "the restarted gateway's health", stack)


def test_sigint_stops_everything(stack: Stack) -> None:
    pids = [s["pid"] for s in stack.info()["services"].values()]
    pg_pid = int((stack.data_dir / "pg" / "postmaster.pid").read_text().split()[0])

    stack.process.send_signal(signal.SIGINT)

    assert stack.process.wait(timeout=60) == 0, stack.text()
    assert not [pid for pid in pids if alive(pid)]
    assert not alive(pg_pid)
    assert not (stack.data_dir / "pg" / "postmaster.pid").exists()
    assert not (stack.data_dir / "stack.json").exists()
    assert "SIGINT received: shutting down" in stack.text()


def test_a_service_that_never_gets_healthy_fails_the_stack(tmp_path: Path) -> None:
    external = {  # nothing embedded to start: the dummies never use these
        "DATABASE_URL": "postgresql+psycopg://nobody@/none",
        "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
        "S3_ENDPOINT": "http://127.0.0.1:1",
        "SMTP_URL": "smtp://127.0.0.1:1",
        "DUMMY_CRASH_FILE": str(tmp_path / "services.yaml"),
    }
    stack = start_supervisor(tmp_path, "--health-timeout", "3", env=external)

    assert stack.process.wait(timeout=60) == 1
    assert "ERROR: gateway not healthy after 3s" in stack.text()
    assert "crashing on purpose" in stack.text().split("ERROR:", 1)[1]
    assert not (stack.data_dir / "objects").exists()


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False

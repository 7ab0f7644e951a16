"""The whole stack, started by the embedded supervisor exactly as `make run` starts it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

# The browser tests' fixtures (Chromium, a page on the web app, the checks of each page).
from .web_browser import browser, page, visits  # noqa: F401

# Generous: on a loaded 2-core machine importing eight services alone takes tens of seconds.
START_TIMEOUT = 600.0
JWT_KEY_REFRESH_SECONDS = "2"


@pytest.fixture(scope="session")
def stack() -> Iterator[dict[str, Any]]:
    # Not under pytest's tmp dir: as root, Postgres runs as its own user and needs to pass
    # through every parent, and each new pytest run resets /tmp/pytest-of-root to 0700.
    data_dir = Path(tempfile.mkdtemp(prefix="custody-e2e-"))
    try:
        with running_stack(data_dir) as document:
            yield document
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def running_stack(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """`make run` on data_dir with free ports, and `env` added; its stack.json while it runs."""
    log_path = data_dir / "supervisor.log"
    command = [sys.executable, "-m", "custody_platform.embedded", "run"]
    command += ["--data-dir", str(data_dir), "--ephemeral-ports"]
    command += ["--health-timeout", str(START_TIMEOUT)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=_clean_env() | (env or {})
        )
        try:
            yield _wait_for_stack(proc, data_dir / "stack.json", log_path)
        finally:
            _stop(proc)


def _clean_env() -> dict[str, str]:
    """The embedded backends, whatever the developer's shell exports."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "SMTP_URL"):
        env.pop(name, None)
    # Every test signs in from 127.0.0.1: the gateway's per-address sign-in limit (20 a minute
    # by default) is tested by the gateway's integration tests, not by tripping it here.
    env.setdefault("SIGN_IN_ATTEMPTS", "1000")
    # Webhooks reach the tests' receivers on 127.0.0.1 over http, and retry within seconds.
    env.update(WEBHOOK_ALLOW_HTTP="true", WEBHOOK_ALLOW_LOOPBACK="true")
    env.update(WEBHOOK_RETRY_BASE_SECONDS="1", WEBHOOK_POLL_SECONDS="0.2")
    # Organizations' identity providers: the tests' provider runs on 127.0.0.1 over http.
    env.update(OIDC_ALLOW_HTTP="true", OIDC_ALLOW_LOOPBACK="true")
    # The gateway re-reads its JWT key ring every 2 s, not 10: a rotated key signs after 4 s
    # (test_key_rotation.py gives `custody admin rotate-jwt-key` the same setting).
    env["JWT_KEY_REFRESH_SECONDS"] = JWT_KEY_REFRESH_SECONDS
    return env


def _wait_for_stack(proc: subprocess.Popen[bytes], stack_json: Path, log: Path) -> dict[str, Any]:
    deadline = time.monotonic() + START_TIMEOUT
    while not stack_json.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            tail = log.read_text(errors="replace")[-6000:]
            pytest.fail(f"stack did not start (exit {proc.returncode}):\n{tail}")
        time.sleep(0.5)
    return dict(json.loads(stack_json.read_text()))


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def gateway(stack: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack["gateway_url"], timeout=30.0) as client:
        yield client


def login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def wait_until(
    predicate: Any, *, timeout: float = 60.0, interval: float = 0.25, what: str = ""
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what or predicate}")
        time.sleep(interval)

"""The whole stack for a benchmark, started as `make run` starts it (ephemeral ports, a
scratch data directory) and stopped with it, and the few API calls benchmarks seed it with."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

START_TIMEOUT = 600.0
PASSWORD = "correct horse battery staple"


@contextmanager
def running_stack(**settings: str) -> Iterator[dict[str, Any]]:
    """`settings` are extra environment variables for every service (e.g. limits)."""
    with tempfile.TemporaryDirectory(prefix="custody-bench-") as scratch:
        data_dir = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k not in _BACKEND_VARIABLES}
        env.update(settings)
        command = [sys.executable, "-m", "custody_platform.embedded", "run"]
        command += ["--data-dir", str(data_dir), "--ephemeral-ports"]
        command += ["--health-timeout", str(START_TIMEOUT)]  # a loaded machine starts slowly
        with (data_dir / "supervisor.log").open("wb") as log:
            proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
            try:
                yield _wait(proc, data_dir)
            finally:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()


# The embedded backends, whatever the developer's shell points at.
_BACKEND_VARIABLES = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "S3_ENDPOINT", "SMTP_URL")


def _wait(proc: subprocess.Popen[bytes], data_dir: Path) -> dict[str, Any]:
    stack_json = data_dir / "stack.json"
    deadline = time.monotonic() + START_TIMEOUT
    while not stack_json.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            log = (data_dir / "supervisor.log").read_text(errors="replace")[-4000:]
            raise SystemExit(f"the stack did not start:\n{log}")
        time.sleep(0.5)
    return dict(json.loads(stack_json.read_text()))


def api(client: httpx.Client, method: str, path: str, headers: Any, body: Any = None) -> Any:
    """One call under /api/v1 that must succeed; its JSON, or None."""
    response = client.request(method, f"/api/v1{path}", headers=headers, json=body)
    response.raise_for_status()
    return response.json() if response.content else None


def login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    form = {"username": email, "password": password}
    token = client.post("/api/v1/auth/token", data=form).raise_for_status().json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def new_person(client: httpx.Client, admin: Any, name: str, roles: list[str]) -> dict[str, Any]:
    """A person of the given roles in a new organization named after them, signed in."""
    org = api(client, "POST", "/orgs", admin, {"name": f"{name} {uuid.uuid4().hex[:6]}"})
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@bench.example"
    user = {"email": email, "password": PASSWORD, "display_name": name, "roles": roles}
    api(client, "POST", f"/orgs/{org['id']}/users", admin, user)
    return {"org": org, "email": email, "headers": login(client, email, PASSWORD)}

"""The whole stack for a benchmark, started as `make run` starts it (ephemeral ports, a
scratch data directory), and stopped with it. Yields stack.json's contents."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

START_TIMEOUT = 600.0


@contextmanager
def running_stack(**settings: str) -> Iterator[dict[str, Any]]:
    """`settings` are extra environment variables for every service (e.g. limits)."""
    with tempfile.TemporaryDirectory(prefix="custody-bench-") as scratch:
        data_dir = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k not in _BACKEND_VARIABLES}
        env.update(settings)
        command = [sys.executable, "-m", "custody_platform.embedded", "run"]
        command += ["--data-dir", str(data_dir), "--ephemeral-ports"]
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

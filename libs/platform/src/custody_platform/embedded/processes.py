"""Service processes: start, copy their output, stop.

Each child runs `python -m <module>` in its own process group, so a Ctrl-C in the terminal
reaches only the supervisor, which then stops the children in order. Its stdout and stderr
are copied line by line, prefixed with `[service]`, onto the supervisor's stdout and, raw,
appended to `<data-dir>/logs/<service>.log`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TextIO

from custody_platform.embedded.services import ServiceSpec

PR_SET_PDEATHSIG = 1


class Console:
    """Whole lines onto one stream, one thread at a time."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()

    def line(self, source: str, text: str) -> None:
        with self._lock:
            self._stream.write(f"[{source}] {text}\n")
            self._stream.flush()


class Child:
    """One service process, restartable; `restarts` counts how often it was restarted."""

    def __init__(self, spec: ServiceSpec, env: dict[str, str], log_path: Path, console: Console):
        self.spec, self.env, self.log_path, self.console = spec, env, log_path, console
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.restart_due: float | None = None
        self._pumps: list[threading.Thread] = []
        self._log_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.spec.module],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            process_group=0,
            preexec_fn=_die_with_parent(),
        )
        self._pumps = [self._pump(self.process.stdout), self._pump(self.process.stderr)]

    def restart(self) -> None:
        self.restarts += 1
        self.restart_due = None
        self.join_pumps()
        self.start()

    def exit_code(self) -> int | None:
        """None while running (or never started)."""
        return self.process.poll() if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        """To the whole process group, so whatever the service spawned goes too."""
        if self.process is not None and self.running():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signum)

    def wait(self, timeout: float) -> bool:
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return False
        return True

    def join_pumps(self, timeout: float = 2.0) -> None:
        for thread in self._pumps:
            thread.join(timeout)

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return "(no output)"
        text = self.log_path.read_bytes().decode(errors="replace")
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"

    def _pump(self, pipe: IO[bytes] | None) -> threading.Thread:
        thread = threading.Thread(target=self._copy_lines, args=(pipe,), daemon=True)
        thread.start()
        return thread

    def _copy_lines(self, pipe: IO[bytes] | None) -> None:
        assert pipe is not None
        with pipe, self.log_path.open("ab") as log:
            for raw in iter(pipe.readline, b""):
                with self._log_lock:
                    log.write(raw)
                    log.flush()
                self.console.line(self.name, raw.decode(errors="replace").rstrip("\r\n"))


def stop_all(children: list[Child], grace: float = 10.0) -> None:
    """SIGTERM to all, wait up to `grace` seconds, SIGKILL whoever is left."""
    for child in children:
        child.signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    stragglers = [c for c in children if not c.wait(deadline - time.monotonic())]
    for child in stragglers:
        child.console.line("supervisor", f"{child.name} ignored SIGTERM for {grace:.0f}s: SIGKILL")
        child.signal(signal.SIGKILL)
        child.wait(5)
    for child in children:
        child.join_pumps()


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, ask the kernel to SIGTERM the child if the supervisor dies without cleanup."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

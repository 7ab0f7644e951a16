"""A service's own command (`python -m <module>`), run with the settings it reads from the
environment, that prints one JSON document: the rules stay in the service, and this tool
imports no service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from custody_admin.outcome import UNREACHABLE, Unreachable


def run(
    module: str, *argv: str, env: dict[str, str], timeout: float = 600.0
) -> tuple[int, dict[str, Any]]:
    """Its exit status and document; Unreachable when it did not run or could not reach what
    it needs (exit 3, {"error": …})."""
    done = subprocess.run(
        [sys.executable, "-m", module, *argv],
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    try:
        document: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        raise Unreachable(f"{module} did not run: {done.stderr.strip()[-2000:]}") from None
    if done.returncode == UNREACHABLE:
        raise Unreachable(f"{module}: {document.get('error')}")
    return done.returncode, document

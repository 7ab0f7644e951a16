"""Starts device-gateway processes quickly, for tests that kill them over and over.

Importing the service costs seconds on a busy machine; this process imports it once, then
forks one real gateway process (its own sockets, database connections and event loop) per
`start {json}` line on stdin and prints the child's pid; the JSON holds environment variables
for that child. The test SIGKILLs children by pid. Settings come from the environment, as
for `python -m device_gateway`.
"""

from __future__ import annotations

import json
import os
import signal
import sys

from custody_platform.runtime import run_service
from device_gateway.bootstrap import build
from device_gateway.config import Settings


def serve() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, env = line.strip().partition(" ")
        if command != "start":
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.environ.update(json.loads(env or "{}"))
            try:
                run_service(Settings(), "device_gateway", build)
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    serve()

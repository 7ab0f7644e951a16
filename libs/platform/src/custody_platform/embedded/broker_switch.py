"""Dev/bench control of the embedded broker: SIGUSR1 takes it down, SIGUSR2 brings it up.

The librdkafka mock cluster lives in the supervisor's process, so a bench on the same machine
(bench/bench_outages.py) signals the supervisor's pid. The handler only records the request;
the supervisor's loop applies it and logs it (a signal handler must not take the console lock).
Embedded stack only: production brokers are not switched this way.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Protocol


class Switchable(Protocol):
    def broker_down(self, broker_id: int = 1) -> None: ...

    def broker_up(self, broker_id: int = 1) -> None: ...


class BrokerSwitch:
    def __init__(self, cluster: Switchable | None) -> None:
        self.cluster = cluster
        self._wanted: str | None = None

    def install(self) -> None:
        signal.signal(signal.SIGUSR1, self._on_signal)
        signal.signal(signal.SIGUSR2, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._wanted = "down" if signum == signal.SIGUSR1 else "up"

    def apply(self) -> str | None:
        """Applies a pending request; returns a line to log, or None if nothing was asked."""
        wanted, self._wanted = self._wanted, None
        if wanted is None:
            return None
        if self.cluster is None:
            return f"broker {wanted} requested, but the broker is external: ignored"
        if wanted == "down":
            self.cluster.broker_down()
        else:
            self.cluster.broker_up()
        return f"broker {wanted} (signal)"

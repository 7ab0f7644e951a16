"""The embedded stack: backends, then every service as its own process, health checked,
restarted when it dies, all stopped cleanly on SIGINT or SIGTERM.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from custody_platform.embedded import credentials, report
from custody_platform.embedded.broker_switch import BrokerSwitch
from custody_platform.embedded.environment import StackConfig, service_env
from custody_platform.embedded.health import healthz_url, is_healthy
from custody_platform.embedded.processes import Child, Console, stop_all
from custody_platform.embedded.services import (
    default_services_file,
    ephemeral_ports,
    fixed_ports,
    load_services,
)
from custody_platform.embedded.stack import Backends, start_backends

MAX_RESTARTS = 5
MAX_BACKOFF = 10.0


@dataclass(frozen=True)
class Options:
    data_dir: Path = Path(".data")
    host: str = "127.0.0.1"
    gateway_port: int = 8000
    device_gateway_port: int = 8001
    web_port: int = 8080
    ephemeral_ports: bool = False
    services_file: Path | None = None
    health_timeout: float = 120.0
    front_door: str = ""


class StackFailed(Exception):
    """A service never became healthy, or kept dying."""


class Supervisor:
    def __init__(self, options: Options, console: Console | None = None) -> None:
        self.options = options
        self.data_dir = options.data_dir.absolute()
        self.console = console or Console()
        self.specs = load_services(options.services_file or default_services_file())
        self.children: list[Child] = []
        self._stop = threading.Event()
        self._stop_reason = "stop requested"
        self._ready = False
        self._config: StackConfig | None = None
        self.broker_switch = BrokerSwitch(None)

    @property
    def stack_json(self) -> Path:
        return self.data_dir / "stack.json"

    def run(self) -> int:
        """0 after a requested shutdown, 1 if the stack failed."""
        self._install_signal_handlers()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.stack_json.unlink(missing_ok=True)  # left by a supervisor that was SIGKILLed
        self.log("starting Postgres, Kafka, object store and mail (unless configured)")
        backends = start_backends(self.data_dir)
        self.broker_switch.cluster = backends.kafka_cluster
        try:
            self._config = self._stack_config(backends)
            return self._run_services(self._config)
        finally:
            self.log("stopping backends")
            backends.stop()
            self.stack_json.unlink(missing_ok=True)
            self.log("stopped")

    def log(self, text: str) -> None:
        self.console.line("supervisor", text)

    def _stack_config(self, backends: Backends) -> StackConfig:
        opts = self.options
        ports = (
            ephemeral_ports(self.specs)
            if opts.ephemeral_ports
            else fixed_ports(self.specs, opts.gateway_port, opts.device_gateway_port, opts.web_port)
        )
        secrets = credentials.load_or_create(self.data_dir)
        return StackConfig(
            host=opts.host,
            ports=ports,
            backends=backends,
            secrets=secrets,
            ledger_key_path=credentials.ledger_signing_key(self.data_dir),
            front_door=opts.front_door,
        )

    def _run_services(self, config: StackConfig) -> int:
        logs = self.data_dir / "logs"
        self.children = [
            Child(spec, service_env(spec, config), logs / f"{spec.name}.log", self.console)
            for spec in self.specs
        ]
        try:
            return self._supervise(config)
        except StackFailed as failure:
            self.log(f"ERROR: {failure}")
            return 1
        finally:
            self.log("stopping services")
            stop_all(self.children)

    def _supervise(self, config: StackConfig) -> int:
        for child in self.children:
            self.log(f"starting {child.name} (python -m {child.spec.module})")
            child.start()
        if self._wait_healthy(config):
            self._ready = True
            self._publish(config)
            while not self._stop.wait(0.5):
                self._tend()
        self.log(f"{self._stop_reason}: shutting down")
        return 0

    def _wait_healthy(self, config: StackConfig) -> bool:
        """True once every service answers /healthz; False if asked to stop meanwhile."""
        pending = {child.name: child for child in self.children}
        deadline = time.monotonic() + self.options.health_timeout
        while pending and not self._stop.is_set():
            self._tend()
            for name in [n for n, c in pending.items() if c.running() and self._healthy(n)]:
                self.log(f"{name} is healthy")
                del pending[name]
            if pending and time.monotonic() > deadline:
                raise StackFailed(self._not_healthy(list(pending.values())))
            self._stop.wait(0.25)
        return not pending

    def _healthy(self, name: str) -> bool:
        config = self._config
        assert config is not None
        return is_healthy(healthz_url(config.connect_host, config.ports[name].http))

    def _not_healthy(self, children: list[Child]) -> str:
        timeout = self.options.health_timeout
        return "\n".join(
            f"{c.name} not healthy after {timeout:.0f}s; last lines of {c.log_path}:\n"
            + c.log_tail()
            for c in children
        )

    def _tend(self) -> None:
        """Restart children that died, with backoff; give up after MAX_RESTARTS."""
        switched = self.broker_switch.apply()
        if switched:
            self.log(switched)
        for child in self.children:
            code = child.exit_code()
            if code is None:
                continue
            if child.restart_due is None:
                self._schedule_restart(child, code)
            elif time.monotonic() >= child.restart_due:
                child.restart()
                self.log(f"restarted {child.name} (pid {child.pid})")
                if self._ready and self._config is not None:
                    self._publish(self._config, quiet=True)

    def _schedule_restart(self, child: Child, code: int) -> None:
        if child.restarts >= MAX_RESTARTS:
            raise StackFailed(
                f"{child.name} exited with code {code} after {MAX_RESTARTS} restarts; "
                f"last lines of {child.log_path}:\n{child.log_tail()}"
            )
        delay = min(0.5 * 2**child.restarts, MAX_BACKOFF)
        child.restart_due = time.monotonic() + delay
        attempt = child.restarts + 1
        self.log(
            f"{child.name} exited unexpectedly with code {code}; "
            f"restart {attempt}/{MAX_RESTARTS} in {delay:.1f}s"
        )

    def _publish(self, config: StackConfig, quiet: bool = False) -> None:
        document = report.stack_document(config, self.children)
        report.write_stack_json(self.stack_json, document)
        if not quiet:
            print(report.banner(document, self.stack_json), flush=True)

    def _install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        self.broker_switch.install()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # No logging here: the main thread may hold the console's lock right now.
        self._stop_reason = f"{signal.Signals(signum).name} received"
        self._stop.set()

"""The list of services (infra/services.yaml) and the ports each one gets."""

from __future__ import annotations

import socket
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import yaml

GATEWAY = "gateway"
DEVICE_GATEWAY = "device-gateway"
WEB = "web"
NOTIFIER = "notifier"
FIRST_HTTP_PORT = 8100
FIRST_GRPC_PORT = 50051


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str


@dataclass(frozen=True)
class Ports:
    http: int
    grpc: int


def default_services_file() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "infra" / "services.yaml"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("infra/services.yaml not found; pass --services-file")


def load_services(path: Path) -> list[ServiceSpec]:
    data = yaml.safe_load(path.read_text())
    return [ServiceSpec(name=str(s["name"]), module=str(s["module"])) for s in data["services"]]


def env_prefix(name: str) -> str:
    """`device-gateway` → `DEVICE_GATEWAY`, as in DEVICE_GATEWAY_GRPC_ADDR."""
    return name.upper().replace("-", "_")


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Distinct ports free right now (all held open until every one is chosen).

    Another process could take one before the service binds it; rare enough for dev and tests.
    """
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind((host, 0))
        return [int(sock.getsockname()[1]) for sock in socks]


def ephemeral_ports(specs: list[ServiceSpec]) -> dict[str, Ports]:
    ports = iter(free_ports(2 * len(specs)))
    return {spec.name: Ports(http=next(ports), grpc=next(ports)) for spec in specs}


def fixed_ports(
    specs: list[ServiceSpec], gateway_port: int, device_gateway_port: int, web_port: int = 8080
) -> dict[str, Ports]:
    """The public services on their well-known ports; the others on 8100+ and 50051+."""
    public = {GATEWAY: gateway_port, DEVICE_GATEWAY: device_gateway_port, WEB: web_port}
    internal = iter(range(FIRST_HTTP_PORT, FIRST_HTTP_PORT + len(specs)))
    return {
        spec.name: Ports(
            http=public[spec.name] if spec.name in public else next(internal),
            grpc=FIRST_GRPC_PORT + index,
        )
        for index, spec in enumerate(specs)
    }

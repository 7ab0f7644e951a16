"""The environment each service process starts with."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from custody_platform.embedded.credentials import C2PA_CA_KEY_FILE, StackSecrets
from custody_platform.embedded.services import (
    DEVICE_GATEWAY,
    GATEWAY,
    NOTIFIER,
    WEB,
    Ports,
    ServiceSpec,
    env_prefix,
)
from custody_platform.embedded.stack import Backends

WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


@dataclass(frozen=True)
class StackConfig:
    host: str
    ports: dict[str, Ports]
    backends: Backends
    secrets: StackSecrets
    ledger_key_path: Path
    # The https origin of a front door (infra/caddy) serving the whole stack, if one runs in
    # front of it: then every address the services hand out names that one origin.
    front_door: str = ""

    @property
    def connect_host(self) -> str:
        """Where to reach a service bound to `host` (a wildcard bind is reachable locally)."""
        return "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host

    def local_url(self, service: str) -> str:
        return f"http://{self.connect_host}:{self.ports[service].http}"

    def public_url(self, service: str) -> str:
        return self.front_door.rstrip("/") or self.local_url(service)


def service_env(spec: ServiceSpec, config: StackConfig) -> dict[str, str]:
    """The supervisor's own environment (S3_* and the like pass through), plus the stack."""
    ports = config.ports[spec.name]
    return {
        **os.environ,
        **_backends(config.backends),
        **_grpc_addresses(config.ports),
        **_secrets(config.secrets),
        "LEDGER_SIGNING_KEY_PATH": str(config.ledger_key_path),
        "C2PA_CA_KEY_PATH": str(config.ledger_key_path.with_name(C2PA_CA_KEY_FILE)),
        "SERVICE_NAME": spec.name,
        "HTTP_HOST": config.host,
        "HTTP_PORT": str(ports.http),
        "GRPC_PORT": str(ports.grpc),
        "PUBLIC_BASE_URL": _public_base_url(spec, config),
        "DEVICE_GATEWAY_PUBLIC_URL": _optional_url(config, DEVICE_GATEWAY),
        "WEB_PUBLIC_URL": _optional_url(config, WEB),
        # The web app is a client of the gateway's public HTTP API.
        "GATEWAY_URL": config.local_url(GATEWAY) if GATEWAY in config.ports else "",
        # The public file-request page (the web app's) speaks tus to the device gateway.
        "CORS_ORIGINS": json.dumps(_browser_origins(config)),
        "CUSTODY_ENV": "dev",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }


def _backends(backends: Backends) -> dict[str, str]:
    env = {
        "DATABASE_URL": backends.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": backends.kafka_bootstrap_servers,
        "SMTP_URL": backends.smtp_url,
    }
    if backends.audit_writer_database_url is not None:
        env["AUDIT_WRITER_DATABASE_URL"] = backends.audit_writer_database_url
    if backends.object_store_path is not None:
        env["OBJECT_STORE_PATH"] = str(backends.object_store_path)
    return env


def _grpc_addresses(ports: dict[str, Ports]) -> dict[str, str]:
    return {f"{env_prefix(name)}_GRPC_ADDR": f"127.0.0.1:{p.grpc}" for name, p in ports.items()}


def _secrets(secrets: StackSecrets) -> dict[str, str]:
    return {
        "JWT_SECRET": secrets.jwt_secret,
        "FIRST_ADMIN_EMAIL": secrets.admin_email,
        "FIRST_ADMIN_PASSWORD": secrets.admin_password,
    }


def _public_base_url(spec: ServiceSpec, config: StackConfig) -> str:
    """The gateway's address, except for the notifier: the links it sends are pages of the
    web app (/requests/{id}, /cases/{id}), when the stack runs one."""
    if spec.name == NOTIFIER and WEB in config.ports:
        return config.public_url(WEB)
    return _optional_url(config, GATEWAY)


def _optional_url(config: StackConfig, service: str) -> str:
    return config.public_url(service) if service in config.ports else ""


def _browser_origins(config: StackConfig) -> list[str]:
    hosts = dict.fromkeys((config.connect_host, "localhost"))
    ports = [config.ports[name].http for name in (WEB, GATEWAY) if name in config.ports]
    return [f"http://{host}:{port}" for port in ports for host in hosts]

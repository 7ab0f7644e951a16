"""What the supervisor tells the world once the stack is up: stack.json and a banner."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from custody_platform.embedded.environment import StackConfig
from custody_platform.embedded.processes import Child
from custody_platform.embedded.services import DEVICE_GATEWAY, GATEWAY, WEB


def stack_document(config: StackConfig, children: list[Child]) -> dict[str, Any]:
    backends = config.backends
    return {
        "web_url": _url(config, WEB),
        "gateway_url": _url(config, GATEWAY),
        "device_gateway_url": _url(config, DEVICE_GATEWAY),
        "front_door": config.front_door or None,
        "database_url": backends.database_url,
        "kafka_bootstrap_servers": backends.kafka_bootstrap_servers,
        "object_store_path": _str(backends.object_store_path),
        "smtp_url": backends.smtp_url,
        "mail_dir": _str(backends.mail_dir),
        "admin_email": config.secrets.admin_email,
        "admin_password": config.secrets.admin_password,
        "supervisor_pid": os.getpid(),
        "services": {child.name: _service(config, child) for child in children},
    }


def write_stack_json(path: Path, document: dict[str, Any]) -> None:
    """Atomically, and readable by the owner only: it holds the admin password."""
    tmp = path.with_suffix(".json.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(document, file, indent=2)
    os.replace(tmp, path)


def banner(document: dict[str, Any], stack_json: Path) -> str:
    """The web app's address first: it is what a person opens."""
    rule = "=" * 72
    web = document["web_url"]
    opened = document.get("front_door") or web
    return "\n".join(
        [
            rule,
            f" Custody is running: open {opened} in a browser" if opened else " Custody is running",
            *([f"   web app          {web}"] if web else []),
            f"   gateway (API)    {document['gateway_url']}",
            f"   device gateway   {document['device_gateway_url']}",
            f"   admin            {document['admin_email']} / {document['admin_password']}",
            f"   mail             {document['mail_dir'] or document['smtp_url']}",
            f"   everything else  {stack_json}",
            " Ctrl-C stops the stack.",
            rule,
        ]
    )


def _service(config: StackConfig, child: Child) -> dict[str, Any]:
    ports = config.ports[child.name]
    return {"pid": child.pid, "http_port": ports.http, "grpc_port": ports.grpc}


def _url(config: StackConfig, service: str) -> str | None:
    return config.local_url(service) if service in config.ports else None


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)

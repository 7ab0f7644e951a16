"""The real Caddy (Debian's package) running infra/caddy/Caddyfile on loopback ports, with
TLS from its internal CA, in front of the embedded stack. Clients trust that CA's root and
verify the certificate; nothing skips verification."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

CADDYFILE = Path(__file__).resolve().parents[2] / "infra" / "caddy" / "Caddyfile"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class FrontDoor:
    url: str  # https://127.0.0.1:<port>
    ca: Path  # the root certificate of Caddy's internal CA
    log: Path  # Caddy's stdout: the JSON access log

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, verify=self.tls(), timeout=30.0)


def caddy_binary() -> str:
    """Caddy's path; the test is skipped without it, and fails without it under CI."""
    found = shutil.which("caddy")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("caddy is not installed (apt-get install caddy)")
        pytest.skip("caddy is not installed (apt-get install caddy)")
    return found


def run_front_door(stack: dict[str, Any], home: Path) -> Iterator[FrontDoor]:
    https_port, http_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "CUSTODY_DOMAIN": "127.0.0.1",
        "CADDY_TLS": "internal",
        "CADDY_HTTPS_PORT": str(https_port),
        "CADDY_HTTP_PORT": str(http_port),
        "CADDY_ADMIN": "off",
        "WEB_UPSTREAM": _host_port(stack["web_url"]),
        "GATEWAY_UPSTREAM": _host_port(stack["gateway_url"]),
        "DEVICE_GATEWAY_UPSTREAM": _host_port(stack["device_gateway_url"]),
        # Caddy's certificates, its CA and its state stay in this test's directory.
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    command = [caddy_binary(), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    log = home / "caddy.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    door = FrontDoor(
        url=f"https://127.0.0.1:{https_port}",
        ca=home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt",
        log=log,
    )
    try:
        _wait_until_serving(proc, door)
        yield door
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_serving(proc: subprocess.Popen[bytes], door: FrontDoor) -> None:
    """Until the web app's health check answers through Caddy over verified TLS."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"caddy did not start:\n{door.log.read_text(errors='replace')[-4000:]}")
        if door.ca.exists():
            try:
                with door.client() as client:
                    if client.get("/healthz").status_code == 200:
                        return
            except (httpx.TransportError, ssl.SSLError):
                pass  # the certificate is being issued, or the listener is not up yet
        time.sleep(0.25)


def _host_port(url: str) -> str:
    return urlsplit(url).netloc


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

"""The environment the supervisor gives each service: the links the notifier emails point
into the web app, everything else names the gateway as the public address; behind a front
door, every public address is its one origin."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from custody_platform.embedded.credentials import StackSecrets
from custody_platform.embedded.environment import StackConfig, service_env
from custody_platform.embedded.report import banner, stack_document
from custody_platform.embedded.services import Ports, ServiceSpec
from custody_platform.embedded.stack import Backends

pytestmark = pytest.mark.unit


def _config(*names: str) -> StackConfig:
    ports = {name: Ports(http=8100 + i, grpc=50051 + i) for i, name in enumerate(names)}
    backends = Backends("postgresql://x", "127.0.0.1:9092", None, "smtp://127.0.0.1:1025", None)
    secrets = StackSecrets("secret", "admin@custody.local", "password")
    return StackConfig("127.0.0.1", ports, backends, secrets, Path("ledger.key"))


def test_the_notifier_links_into_the_web_app_and_the_others_to_the_gateway() -> None:
    config = _config("gateway", "notifier", "audit", "web")
    env = {name: service_env(ServiceSpec(name, name), config) for name in config.ports}
    assert env["notifier"]["PUBLIC_BASE_URL"] == "http://127.0.0.1:8103"  # the web app
    assert env["audit"]["PUBLIC_BASE_URL"] == "http://127.0.0.1:8100"  # the gateway
    assert env["gateway"]["PUBLIC_BASE_URL"] == "http://127.0.0.1:8100"
    assert env["web"]["NOTIFIER_GRPC_ADDR"] == "127.0.0.1:50052"
    assert env["notifier"]["GRPC_PORT"] == "50052"


def test_without_a_web_app_the_notifier_links_to_the_gateway() -> None:
    config = _config("gateway", "notifier")
    env = service_env(ServiceSpec("notifier", "notifier"), config)
    assert env["PUBLIC_BASE_URL"] == "http://127.0.0.1:8100"


def test_behind_a_front_door_every_address_handed_out_names_its_origin() -> None:
    config = replace(
        _config("gateway", "notifier", "audit", "device-gateway", "web"),
        front_door="https://custody.example/",
    )
    env = {name: service_env(ServiceSpec(name, name), config) for name in config.ports}
    for name, service in env.items():
        assert service["PUBLIC_BASE_URL"] == "https://custody.example", name
        assert service["WEB_PUBLIC_URL"] == "https://custody.example", name
        assert service["DEVICE_GATEWAY_PUBLIC_URL"] == "https://custody.example", name
    # The web app still calls the gateway directly, not through the front door.
    assert env["web"]["GATEWAY_URL"] == "http://127.0.0.1:8100"
    document = stack_document(config, [])
    assert document["front_door"] == "https://custody.example/"
    assert document["gateway_url"] == "http://127.0.0.1:8100"
    assert "open https://custody.example/ in a browser" in banner(document, Path("stack.json"))

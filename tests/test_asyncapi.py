"""docs/asyncapi.yaml is what scripts/gen_asyncapi.py makes from the contracts today, and a
valid AsyncAPI 3.0 document (the AsyncAPI initiative's JSON schema, vendored by
scripts/vendor_asyncapi_schema.py)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from custody_contracts.envelope import Envelope
from custody_contracts.events import event_types
from jsonschema import Draft7Validator

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests/vendor/asyncapi/asyncapi-3.0.0.schema.json"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_asyncapi", ROOT / "scripts/gen_asyncapi.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docs/asyncapi.yaml").read_text())
    return loaded


def test_the_committed_document_is_current() -> None:
    committed = (ROOT / "docs/asyncapi.yaml").read_text()
    assert committed == _generator().render(), "stale: run `make asyncapi`"


def test_it_is_a_valid_asyncapi_3_document(document: dict[str, Any]) -> None:
    validator = Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_every_topic_is_a_channel_and_every_event_a_message(document: dict[str, Any]) -> None:
    topics = yaml.safe_load((ROOT / "infra/kafka/topics.yaml").read_text())["topics"]
    assert set(document["channels"]) == set(topics)
    assert {m["name"] for m in document["components"]["messages"].values()} == set(event_types())


def test_every_event_has_a_sender_and_every_ref_resolves(document: dict[str, Any]) -> None:
    sent = {
        ref["$ref"].rsplit("/", 1)[1]
        for op in document["operations"].values()
        if op["action"] == "send"
        for ref in op["messages"]
    }
    assert sent == {cls.__name__ for cls in event_types().values()}
    for ref in re.findall(r"'\$ref': '#/([^']+)'", str(document)):
        node: Any = document
        for part in ref.split("/"):
            node = node[part]


def test_the_headers_are_those_the_envelope_writes(document: dict[str, Any]) -> None:
    full = Envelope(
        type="t.v1", source="s", subject="x", request_id="r", traceparent="t", tracestate="v"
    )
    described = document["components"]["messages"]["AuditRecord"]["headers"]["properties"]
    assert set(described) == {name for name, _ in full.to_headers()}


def test_each_listed_consumer_is_wired_in_its_bootstrap() -> None:
    for service, consumer, _ in _generator().CONSUMERS:
        [bootstrap] = (ROOT / "services" / service / "src").glob("*/bootstrap.py")
        assert re.search(rf'consumer\(\s*"{consumer}"', bootstrap.read_text()), (service, consumer)

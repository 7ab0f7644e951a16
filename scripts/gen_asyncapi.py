"""Generate docs/asyncapi.yaml (AsyncAPI 3.0): every topic, event and who sends or receives it
(`make asyncapi`; tests/test_asyncapi.py fails when the committed file is stale).

Nothing is listed by hand that the code already says:
- channels and their Kafka settings come from infra/kafka/topics.yaml, one per topic;
- messages are the event models of custody_contracts (their pydantic JSON schemas), with the
  CloudEvents binary-mode headers of custody_contracts.envelope;
- a service sends an event when its code constructs it (`RequestSubmitted(`), and sends
  AuditRecord when it writes audit records (`.audit(`); a consumer receives the events of its
  handler map, taken from the service's own handlers module, and dead-letters them to
  `<topic>.dlq`. CONSUMERS below says which handler map each consumer gets in bootstrap
  (the test checks each consumer name still appears there).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from custody_contracts import envelope
from custody_contracts.events import Event, event_types
from custody_contracts.events.audit import AuditRecord
from custody_contracts.topics import dlq

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs/asyncapi.yaml"
SCHEMAS = "#/components/schemas/{model}"
KAFKA_BINDING = "0.5.0"


def _handlers(package: str, attribute: str, *args: Any) -> Callable[[], Iterable[type[Event]]]:
    def load() -> Iterable[type[Event]]:
        module = importlib.import_module(f"{package}.entrypoints.handlers")
        found = getattr(module, attribute)
        return found(*args) if callable(found) else found

    return load


# (service directory, consumer name as bootstrap passes it, its handler map or event list in
# the package's entrypoints/handlers.py). Factories get a placeholder for what they close
# over: only the map's keys are read.
CONSUMERS: tuple[tuple[str, str, Callable[[], Iterable[type[Event]]]], ...] = (
    ("requests", "requests-projector", _handlers("video_requests", "HANDLERS")),
    ("evidence", "evidence-ingest", _handlers("evidence", "build_handlers", None)),
    ("redaction", "intake", _handlers("redaction", "HANDLERS")),
    ("notifier", "mailer", _handlers("notifier", "build_handlers", None)),
    ("notifier", "inbox", _handlers("notifier", "build_inbox_handlers", None)),
    ("notifier", "webhooks", _handlers("notifier", "build_webhook_handlers")),
    ("device-gateway", "device-exports", _handlers("device_gateway", "build_handlers", None)),
    ("audit", "ledger", _handlers("audit", "EVENTS")),
)


def build() -> dict[str, Any]:
    topics = yaml.safe_load((ROOT / "infra/kafka/topics.yaml").read_text())["topics"]
    events = sorted(event_types().values(), key=lambda cls: (cls.topic, cls.__name__))
    schemas: dict[str, Any] = {}
    messages = {cls.__name__: _message(cls, schemas) for cls in events}
    return {
        "asyncapi": "3.0.0",
        "info": _info(),
        "defaultContentType": envelope.CONTENT_TYPE,
        "servers": {"kafka": {"host": "kafka:9092", "protocol": "kafka"}},
        "channels": {
            topic: _channel(topic, settings, events) for topic, settings in topics.items()
        },
        "operations": {**_sends(events), **_receives()},
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def _info() -> dict[str, Any]:
    return {
        "title": "Custody events",
        "version": _contracts_version(),
        "description": (
            "Every Kafka topic of Custody and the events on it, generated from libs/contracts "
            "by scripts/gen_asyncapi.py. Events are CloudEvents 1.0 in Kafka binary mode: the "
            "attributes are `ce_*` headers, the body is the event's JSON, the key is the "
            "event's aggregate id. A record that cannot be handled goes to `<topic>.dlq` with "
            "its headers and `x-error-*`, `x-original-*` headers added."
        ),
        "license": {"name": "Apache-2.0"},
    }


def _contracts_version() -> str:
    text = (ROOT / "libs/contracts/pyproject.toml").read_text()
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert match, "libs/contracts/pyproject.toml has no version"
    return match.group(1)


def _message(cls: type[Event], schemas: dict[str, Any]) -> dict[str, Any]:
    payload = cls.model_json_schema(ref_template=SCHEMAS)
    schemas.update(payload.pop("$defs", {}))
    schemas[cls.__name__] = payload
    event_type = cls.model_fields["type"].default
    return {
        "name": event_type,
        "title": cls.__name__,
        "summary": _first_line(cls.__doc__) or f"{cls.__name__} on {cls.topic}",
        "contentType": envelope.CONTENT_TYPE,
        "headers": _headers(event_type),
        "payload": {"$ref": SCHEMAS.format(model=cls.__name__)},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"the event's {cls.key_field}"},
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


def _first_line(doc: str | None) -> str | None:
    return doc.strip().splitlines()[0] if doc and doc.strip() else None


def _headers(event_type: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time"],
        "properties": {
            "ce_specversion": {"const": envelope.SPEC_VERSION},
            "ce_id": {**text, "format": "uuid", "description": "idempotency key"},
            "ce_type": {"const": event_type},
            "ce_source": {
                **text,
                "format": "uri-reference",
                "pattern": f"^{re.escape(envelope.SOURCE_PREFIX)}[a-z-]+$",
                "description": "the publishing service (events from before it was a URI "
                "carry the bare name, which consumers read as this URN)",
            },
            "ce_time": {**text, "format": "date-time"},
            "ce_subject": text,
            "content-type": {"const": envelope.CONTENT_TYPE},
            "x-request-id": {**text, "description": "the HTTP request that caused the event"},
            "traceparent": {
                **text,
                "description": "W3C trace context: the producer span, started when the event "
                "was written to the outbox",
            },
            "tracestate": {**text, "description": "W3C trace context, vendor state"},
        },
    }


def _channel(topic: str, settings: Mapping[str, Any], events: list[type[Event]]) -> dict[str, Any]:
    source = topic.removesuffix(".dlq")
    carried = [cls.__name__ for cls in events if cls.topic == source]
    config: dict[str, Any] = {"retention.ms": settings["retention_ms"]}
    if "cleanup_policy" in settings:
        config["cleanup.policy"] = [settings["cleanup_policy"]]
    return {
        "address": topic,
        "description": f"dead letters of {source}" if topic != source else f"events of {topic}",
        "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in carried},
        "bindings": {
            "kafka": {
                "topic": topic,
                "partitions": settings["partitions"],
                "replicas": settings["replication_factor"],
                "topicConfiguration": config,
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


def _operation(
    action: str, topic: str, events: Iterable[type[Event]], group: str | None = None
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "action": action,
        "channel": {"$ref": f"#/channels/{topic}"},
        "messages": [
            {"$ref": f"#/channels/{topic}/messages/{cls.__name__}"}
            for cls in sorted(events, key=lambda cls: cls.__name__)
        ],
    }
    if group:
        schema = {"type": "string", "const": group}
        operation["bindings"] = {"kafka": {"groupId": schema, "bindingVersion": KAFKA_BINDING}}
    return operation


def _sends(events: list[type[Event]]) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for service, source in _service_sources():
        sent = [cls for cls in events if _constructs(source, cls)]
        for topic in sorted({cls.topic for cls in sent}):
            on_topic = [cls for cls in sent if cls.topic == topic]
            operations[f"{service}.send.{topic}"] = _operation("send", topic, on_topic)
    return operations


def _constructs(source: str, cls: type[Event]) -> bool:
    if cls is AuditRecord:  # built by the platform's unit of work for uow.audit(...)
        return ".audit(" in source
    return re.search(rf"\b{cls.__name__}\(", source) is not None


def _service_sources() -> Iterable[tuple[str, str]]:
    for directory in sorted((ROOT / "services").iterdir()):
        files = sorted(directory.glob("src/**/*.py"))
        yield directory.name, "\n".join(path.read_text() for path in files)


def _receives() -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for service, consumer, load in CONSUMERS:
        handled = list(load())
        group = f"{service}.{consumer}"
        for topic in sorted({cls.topic for cls in handled}):
            on_topic = [cls for cls in handled if cls.topic == topic]
            operations[f"{group}.receive.{topic}"] = _operation("receive", topic, on_topic, group)
            operations[f"{group}.dead-letter.{topic}"] = _operation("send", dlq(topic), on_topic)
    return operations


def render() -> str:
    header = "# Generated by scripts/gen_asyncapi.py (make asyncapi); do not edit.\n"
    return header + yaml.safe_dump(build(), sort_keys=False, allow_unicode=True, width=100)


if __name__ == "__main__":
    OUTPUT.write_text(render())
    sys.stdout.write(f"wrote {OUTPUT.relative_to(ROOT)}\n")

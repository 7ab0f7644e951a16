"""CloudEvents 1.0 envelope in Kafka binary mode: metadata in headers, the event JSON as body."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
# CloudEvents wants `source` to be a URI reference, absolute by preference: a URN per service,
# in the same `urn:custody:` namespace as the API's problem types.
SOURCE_PREFIX = "urn:custody:service:"


def service_source(service: str) -> str:
    """The `source` of every event a service publishes: `urn:custody:service:<service>`."""
    return f"{SOURCE_PREFIX}{service}"


def _now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    """What an event says about itself: its id is the idempotency key."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str
    source: str
    time: datetime = Field(default_factory=_now)
    subject: str | None = None
    request_id: str | None = None
    # W3C trace context (the CloudEvents distributed tracing extension): the producer's span.
    traceparent: str | None = None
    tracestate: str | None = None

    @field_validator("source")
    @classmethod
    def _source_as_uri(cls, source: str) -> str:
        """Events written before sources were URIs (still in topics and outboxes) name the bare
        service, `requests`: read as that service's URI, so every consumer sees one form."""
        return source if ":" in source or "/" in source else service_source(source)

    @property
    def service(self) -> str:
        """The publishing service's name, or the whole source when it is not one of ours."""
        return self.source.removeprefix(SOURCE_PREFIX)

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": str(self.id),
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
        }
        if self.subject:
            headers["ce_subject"] = self.subject
        if self.request_id:
            headers["x-request-id"] = self.request_id
        if self.traceparent:
            headers["traceparent"] = self.traceparent
        if self.tracestate:
            headers["tracestate"] = self.tracestate
        return [(k, v.encode()) for k, v in headers.items()]

    @classmethod
    def from_headers(cls, headers: dict[str, str]) -> Envelope:
        """Read binary-mode headers; raises ValueError when a required attribute is missing."""
        missing = [h for h in ("ce_id", "ce_type", "ce_source") if not headers.get(h)]
        if missing:
            raise ValueError(f"not a CloudEvent: missing {', '.join(missing)}")
        return cls(
            id=uuid.UUID(headers["ce_id"]),
            type=headers["ce_type"],
            source=headers["ce_source"],
            time=datetime.fromisoformat(headers["ce_time"]) if headers.get("ce_time") else _now(),
            subject=headers.get("ce_subject"),
            request_id=headers.get("x-request-id"),
            traceparent=headers.get("traceparent"),
            tracestate=headers.get("tracestate"),
        )

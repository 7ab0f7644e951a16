"""Small conversions between protobuf fields and API values."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp


def read_time(message: Any, field: str) -> datetime | None:
    """A Timestamp field as an aware datetime; None when the sender left it unset."""
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=UTC)


def write_time(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def optional_uuid(value: str) -> uuid.UUID | None:
    """Proto3 strings are "" when absent."""
    return uuid.UUID(value) if value else None


def optional_text(value: str) -> str | None:
    return value or None

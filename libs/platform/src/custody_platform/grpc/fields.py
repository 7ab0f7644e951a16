"""Reading and writing protobuf fields at a service's edge, the same way in every service.

A bad id is the caller's mistake: it becomes `InvalidArgument` naming the field, so a gRPC
client sees INVALID_ARGUMENT and an HTTP client a problem+json that says which field.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from custody_platform.errors import InvalidArgument


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{field} must be a UUID") from None


def optional_uuid(value: str, field: str) -> uuid.UUID | None:
    """proto3 strings have no null: an empty string means 'not given'."""
    return parse_uuid(value, field) if value else None


def parse_uuids(values: Iterable[str], field: str) -> tuple[uuid.UUID, ...]:
    return tuple(parse_uuid(v, field) for v in values)


def read_time(message: Any, field: str) -> datetime | None:
    """An optional Timestamp field as an aware UTC datetime, or None when it is not set."""
    if not message.HasField(field):
        return None
    moment: datetime = getattr(message, field).ToDatetime(tzinfo=UTC)
    return moment


def read_optional(message: Any, field: str) -> Any | None:
    """An `optional` scalar field's value, or None when it is not set."""
    return getattr(message, field) if message.HasField(field) else None


def timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp

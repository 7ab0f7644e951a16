"""Ledger rows as protobuf messages, and request fields as domain values."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from custody_contracts.events.audit import AuditRecord
from custody_contracts.grpc import audit_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp

from audit.adapters.orm import LedgerEntry, TreeHead
from audit.domain.queries import RecordQuery


def entry_message(entry: LedgerEntry) -> audit_pb2.AuditEntry:
    record = AuditRecord.model_validate(entry.record)
    return audit_pb2.AuditEntry(
        index=entry.idx,
        event_id=str(entry.event_id),
        service=record.service,
        actor_type=record.actor_type,
        actor_id=record.actor_id,
        action=record.action,
        object_type=record.object_type,
        object_id=record.object_id,
        object_hash=record.object_hash or "",
        occurred_at=timestamp(record.occurred_at),
        source_address=record.source_address or "",
        reason=record.reason or "",
        leaf_hash=bytes(entry.leaf_hash).hex(),
        details_json=json.dumps(record.details, sort_keys=True, ensure_ascii=False),
        canonical=entry.canonical,
    )


def head_message(head: TreeHead) -> audit_pb2.TreeHead:
    return audit_pb2.TreeHead(
        id=head.id or 0,
        tree_size=head.tree_size,
        root_hash=bytes(head.root_hash).hex(),
        timestamp_ms=head.timestamp_ms,
        key_id=head.key_id,
        signature=bytes(head.signature).hex(),
    )


def timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    message = Timestamp()
    message.FromDatetime(moment)
    return message


def record_query(request: Any) -> RecordQuery:
    return RecordQuery(
        object_id=request.object_id,
        case_id=request.case_id,
        actor_id=request.actor_id,
        since=_moment(request, "since"),
        until=_moment(request, "until"),
        start_index=request.start_index,
    )


def _moment(request: Any, name: str) -> datetime | None:
    if not request.HasField(name):
        return None
    moment: datetime = getattr(request, name).ToDatetime(tzinfo=UTC)
    return moment


def parse_uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{name} must be a UUID") from None

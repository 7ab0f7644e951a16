"""Entries of the custody ledger about one object."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from custody_contracts.grpc import audit_pb2
from pydantic import BaseModel

from gateway.entrypoints.api.schemas.common import optional_text, read_time


class AuditRecordPublic(BaseModel):
    index: int  # leaf index in the Merkle log
    event_id: str
    service: str
    actor_type: str
    actor_id: str
    action: str
    object_type: str
    object_id: str
    object_hash: str | None
    occurred_at: datetime | None
    source_address: str | None
    reason: str | None
    leaf_hash: str
    details: dict[str, Any]


class AuditRecordsPublic(BaseModel):
    items: list[AuditRecordPublic]
    count: int


def audit_record_public(entry: audit_pb2.AuditEntry) -> AuditRecordPublic:
    return AuditRecordPublic(
        index=entry.index,
        event_id=entry.event_id,
        service=entry.service,
        actor_type=entry.actor_type,
        actor_id=entry.actor_id,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_hash=optional_text(entry.object_hash),
        occurred_at=read_time(entry, "occurred_at"),
        source_address=optional_text(entry.source_address),
        reason=optional_text(entry.reason),
        leaf_hash=entry.leaf_hash,
        details=json.loads(entry.details_json or "{}"),
    )


def audit_records_public(response: audit_pb2.ListRecordsResponse) -> AuditRecordsPublic:
    items = [audit_record_public(e) for e in response.entries]
    return AuditRecordsPublic(items=items, count=len(items))

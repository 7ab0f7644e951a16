"""Ledger and disclosure rows as protobuf messages, and request fields as domain values."""

from __future__ import annotations

import json
from typing import Any

from custody_contracts.events.audit import AuditRecord
from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.fields import parse_uuid, parse_uuids, read_time, timestamp

from audit.adapters.orm import Disclosure, DisclosureAcknowledgement, LedgerEntry, TreeHead
from audit.domain.disclosures import DisclosureRequest
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


def record_query(request: Any) -> RecordQuery:
    return RecordQuery(
        object_id=request.object_id,
        case_id=request.case_id,
        actor_id=request.actor_id,
        since=read_time(request, "since"),
        until=read_time(request, "until"),
        start_index=request.start_index,
    )


def disclosure_request(request: Any) -> DisclosureRequest:
    evidence_ids = parse_uuids(request.evidence_ids, "evidence_ids")
    return DisclosureRequest.parse(
        parse_uuid(request.case_id, "case_id"),
        evidence_ids,
        request.recipient_name,
        request.recipient_email,
        request.note,
    )


def disclosure_message(
    found: Disclosure, ack: DisclosureAcknowledgement | None
) -> audit_pb2.Disclosure:
    return audit_pb2.Disclosure(
        id=str(found.id),
        case_id=str(found.case_id),
        org_id=str(found.org_id),
        evidence_ids=found.evidence_ids,
        recipient_name=found.recipient_name,
        recipient_email=found.recipient_email,
        size=found.size,
        sha256=found.sha256,
        tree_head_id=found.tree_head_id,
        created_at=timestamp(found.created_at),
        acknowledged_at=timestamp(ack.acknowledged_at) if ack else None,
        acknowledged_by=ack.name if ack else "",
    )

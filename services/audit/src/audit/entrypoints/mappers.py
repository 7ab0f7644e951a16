"""Ledger and disclosure rows as protobuf messages, and request fields as domain values."""

from __future__ import annotations

import json
from typing import Any

from custody_contracts.events.audit import AuditRecord
from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.fields import parse_uuid, parse_uuids, read_time, timestamp

from audit.adapters.orm import LedgerEntry, TreeHead
from audit.domain.disclosures import DisclosureRequest
from audit.domain.queries import RecordQuery
from audit.service_layer.disclosures import DisclosureView
from audit.service_layer.signing_keys import PublishedKey


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
        acting_for=str(record.acting_for or ""),
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


def key_message(key: PublishedKey) -> audit_pb2.PublicKey:
    return audit_pb2.PublicKey(
        key_id=key.key_id,
        algorithm=key.algorithm,
        public_key_pem=key.public_key_pem,
        valid_from_ms=key.valid_from_ms,
        valid_until_ms=key.valid_until_ms,
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


def disclosure_message(view: DisclosureView) -> audit_pb2.Disclosure:
    build, package, ack = view.build, view.package, view.ack
    return audit_pb2.Disclosure(
        id=str(build.id),
        case_id=str(build.case_id),
        org_id=str(build.org_id),
        evidence_ids=build.evidence_ids,
        recipient_name=build.recipient_name,
        recipient_email=build.recipient_email,
        size=package.size if package else 0,
        sha256=package.sha256 if package else "",
        tree_head_id=package.tree_head_id if package else 0,
        created_at=timestamp(build.created_at),
        acknowledged_at=timestamp(ack.acknowledged_at) if ack else None,
        acknowledged_by=ack.name if ack else "",
        state=build.state,
        failure_reason=build.failure_reason,
        items_done=build.items_done,
        items_total=build.items_total,
        bytes_done=build.bytes_done,
        bytes_total=build.bytes_total,
        note=build.note,
        created_by=str(build.created_by),
        items=[audit_pb2.DisclosedItem(**i) for i in build.items],
    )

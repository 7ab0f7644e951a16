"""The Audit gRPC servicer: ledger entries about one object, as the caller may see them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import grpc
from custody_contracts.events import AuditRecord
from custody_contracts.grpc import audit_pb2, audit_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork
from google.protobuf.timestamp_pb2 import Timestamp

from audit.adapters.orm import LedgerEntry
from audit.service_layer.ledger import list_records

Context = grpc.aio.ServicerContext[Any, Any]


class AuditServicer(audit_pb2_grpc.AuditServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    async def ListRecords(self, request: Any, context: Context) -> audit_pb2.ListRecordsResponse:
        async with self._uow() as uow:
            entries = await list_records(uow, current_principal(), request.object_id, request.limit)
            return audit_pb2.ListRecordsResponse(entries=[entry_message(e) for e in entries])


def entry_message(entry: LedgerEntry) -> audit_pb2.AuditEntry:
    record = AuditRecord.model_validate(entry.record)
    occurred_at = Timestamp()
    occurred_at.FromDatetime(record.occurred_at)
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
        occurred_at=occurred_at,
        source_address=record.source_address or "",
        reason=record.reason or "",
        leaf_hash=entry.leaf_hash.hex(),
        details_json=json.dumps(record.details, sort_keys=True, ensure_ascii=False),
    )

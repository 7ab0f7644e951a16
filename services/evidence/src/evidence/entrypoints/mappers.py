"""Domain rows to protobuf messages, and request ids to UUIDs."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_contracts.grpc import evidence_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp

from evidence.adapters.orm import Case
from evidence.service_layer.cases import EvidenceView


def parse_id(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{what} must be a UUID") from None


def _timestamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def case_message(case: Case) -> evidence_pb2.Case:
    return evidence_pb2.Case(
        id=str(case.id),
        org_id=str(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=_timestamp(case.created_at),
    )


def item_message(view: EvidenceView) -> evidence_pb2.EvidenceItem:
    item = view.item
    return evidence_pb2.EvidenceItem(
        id=str(item.id),
        case_id=str(item.case_id),
        org_id=str(item.org_id),
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        source=item.source,
        permission=view.permission,
        request_id=str(item.request_id or ""),
        line_item_id=str(item.line_item_id or ""),
        created_at=_timestamp(item.created_at),
    )

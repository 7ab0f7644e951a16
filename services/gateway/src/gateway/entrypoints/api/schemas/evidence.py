"""Cases and the evidence items in them."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_contracts.grpc import evidence_pb2
from pydantic import BaseModel

from gateway.entrypoints.api.schemas.common import optional_uuid, read_time


class CasePublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    number: str
    title: str
    status: str
    created_at: datetime | None


class CasesPublic(BaseModel):
    items: list[CasePublic]
    count: int


class EvidencePublic(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    source: str
    permission: str  # what the caller may do: view or download
    request_id: uuid.UUID | None
    line_item_id: uuid.UUID | None
    created_at: datetime | None


class EvidenceItemsPublic(BaseModel):
    items: list[EvidencePublic]
    count: int


def case_public(case: evidence_pb2.Case) -> CasePublic:
    return CasePublic(
        id=uuid.UUID(case.id),
        org_id=uuid.UUID(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=read_time(case, "created_at"),
    )


def cases_public(response: evidence_pb2.ListCasesResponse) -> CasesPublic:
    items = [case_public(c) for c in response.cases]
    return CasesPublic(items=items, count=len(items))


def evidence_public(item: evidence_pb2.EvidenceItem) -> EvidencePublic:
    return EvidencePublic(
        id=uuid.UUID(item.id),
        case_id=uuid.UUID(item.case_id),
        org_id=uuid.UUID(item.org_id),
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        source=item.source,
        permission=item.permission,
        request_id=optional_uuid(item.request_id),
        line_item_id=optional_uuid(item.line_item_id),
        created_at=read_time(item, "created_at"),
    )


def evidence_items_public(response: evidence_pb2.ListCaseEvidenceResponse) -> EvidenceItemsPublic:
    items = [evidence_public(i) for i in response.items]
    return EvidenceItemsPublic(items=items, count=len(items))

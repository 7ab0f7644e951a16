"""Bulk changes to a case's evidence (decision 0036)."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import evidence_pb2
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.cases import Label
from gateway.entrypoints.api.schemas.evidence import EvidencePublic, evidence_public

MAX_ITEMS = 500


class EvidenceBulkChange(BaseModel):
    """Tags added to and removed from every item, and a retention category that becomes each
    item's only category (one of the organization's retention policies); all or nothing."""

    evidence_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_ITEMS)
    add_tags: list[Label] = Field(default_factory=list, max_length=50)
    remove_tags: list[Label] = Field(default_factory=list, max_length=50)
    category: Label | None = None

    def to_proto(self, case_id: uuid.UUID) -> evidence_pb2.BulkUpdateEvidenceRequest:
        return evidence_pb2.BulkUpdateEvidenceRequest(
            case_id=str(case_id),
            evidence_ids=[str(i) for i in self.evidence_ids],
            add_tags=self.add_tags,
            remove_tags=self.remove_tags,
            category=self.category or "",
        )


class EvidenceBulkResult(BaseModel):
    items: list[EvidencePublic]
    count: int


def bulk_result(response: evidence_pb2.BulkUpdateEvidenceResponse) -> EvidenceBulkResult:
    items = [evidence_public(item) for item in response.items]
    return EvidenceBulkResult(items=items, count=len(items))

"""Bulk changes to a case's evidence (decision 0036)."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid, parse_uuids

from evidence.domain.bulk import BulkChange
from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import own_item_message
from evidence.service_layer import bulk


class BulkRpcs(EvidenceRpcs):
    async def BulkUpdateEvidence(
        self, request: Any, context: Context
    ) -> evidence_pb2.BulkUpdateEvidenceResponse:
        case_id = parse_uuid(request.case_id, "case_id")
        change = BulkChange(
            parse_uuids(request.evidence_ids, "evidence_ids"),
            tuple(request.add_tags),
            tuple(request.remove_tags),
            request.category,
        )
        async with self._uow() as uow:
            items = await bulk.bulk_update(uow, current_principal(), case_id, change)
            await uow.commit()
            return evidence_pb2.BulkUpdateEvidenceResponse(items=map(own_item_message, items))

"""The RequestRedaction RPC: evidence checks who may, and announces the job."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.service_layer.redaction_requests import request_redaction


class RedactionRequestRpcs(EvidenceRpcs):
    async def RequestRedaction(
        self, request: Any, context: Context
    ) -> evidence_pb2.RedactionRequestAccepted:
        evidence_id = parse_uuid(request.evidence_id, "evidence_id")
        async with self._uow() as uow:
            job_id = await request_redaction(
                uow, current_principal(), evidence_id, request.source_address or None
            )
            await uow.commit()
        return evidence_pb2.RedactionRequestAccepted(
            job_id=str(job_id), evidence_id=str(evidence_id)
        )

"""The RequestRedaction RPC, mixed into EvidenceServicer (grpc_api.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import grpc
from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_platform.grpc import current_principal

from evidence.entrypoints.mappers import parse_id
from evidence.service_layer.redaction_requests import request_redaction

if TYPE_CHECKING:
    from evidence.entrypoints.grpc_api import EvidenceDeps

Context = grpc.aio.ServicerContext[Any, Any]


class RedactionRequestRpcs(evidence_pb2_grpc.EvidenceServicer):
    _deps: EvidenceDeps

    async def RequestRedaction(
        self, request: Any, context: Context
    ) -> evidence_pb2.RedactionRequestAccepted:
        evidence_id = parse_id(request.evidence_id, "evidence_id")
        async with self._deps.uow() as uow:
            job_id = await request_redaction(
                uow, current_principal(), evidence_id, request.source_address or None
            )
        return evidence_pb2.RedactionRequestAccepted(
            job_id=str(job_id), evidence_id=str(evidence_id)
        )

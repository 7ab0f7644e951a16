"""The Evidence gRPC servicer: parse, call one service-layer function, map the result."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from evidence.entrypoints.mappers import case_message, item_message, parse_id
from evidence.service_layer import cases
from evidence.service_layer.download import EvidenceCorrupted, authorize_download, stream_download

Context = grpc.aio.ServicerContext[Any, Any]


class EvidenceServicer(evidence_pb2_grpc.EvidenceServicer):
    """Results are mapped inside the unit of work: leaving it rolls back and expires rows."""

    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], store: ObjectStore, chunk_size: int
    ) -> None:
        self._uow = uow_factory
        self._store = store
        self._chunk_size = chunk_size

    async def ListCases(self, request: Any, context: Context) -> evidence_pb2.ListCasesResponse:
        async with self._uow() as uow:
            found = await cases.list_cases(uow, current_principal())
            return evidence_pb2.ListCasesResponse(cases=[case_message(c) for c in found])

    async def GetCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        async with self._uow() as uow:
            case = await cases.get_case(uow, current_principal(), parse_id(request.id, "id"))
            return case_message(case)

    async def ListCaseEvidence(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListCaseEvidenceResponse:
        case_id = parse_id(request.case_id, "case_id")
        async with self._uow() as uow:
            views = await cases.list_case_evidence(uow, current_principal(), case_id)
            return evidence_pb2.ListCaseEvidenceResponse(items=[item_message(v) for v in views])

    async def GetEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        async with self._uow() as uow:
            view = await cases.get_evidence(uow, current_principal(), parse_id(request.id, "id"))
            return item_message(view)

    async def DownloadEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_id(request.id, "id")
        async with self._uow() as uow:
            download = await authorize_download(
                uow, current_principal(), evidence_id, request.source_address or None
            )
        try:
            async for data in stream_download(self._uow, self._store, download, self._chunk_size):
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted:
            await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")

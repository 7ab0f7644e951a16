"""The Evidence gRPC servicer: parse, call one service-layer function, map the result.
Cases and reads here; evidence changes, sharing, file requests in grpc_more.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.context import optional_principal
from custody_platform.objectstore import LockMode, ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters.clients import UploadGrants
from evidence.adapters.repository import CaseFilters
from evidence.entrypoints.grpc_more import MoreEvidenceRpcs
from evidence.entrypoints.grpc_redaction import RedactionRequestRpcs
from evidence.entrypoints.mappers import (
    case_message,
    item_message,
    optional_id,
    parse_id,
    read_time,
)
from evidence.service_layer import case_commands, cases, retention
from evidence.service_layer.access import item_for_caller
from evidence.service_layer.download import EvidenceCorrupted, authorize_download, stream_download
from evidence.service_layer.streaming import authorize_stream, stream_range

Context = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class EvidenceDeps:
    uow: Callable[[], UnitOfWork]
    store: ObjectStore
    grants: UploadGrants
    chunk_size: int
    block_size: int
    restore_window_days: float
    lock_mode: LockMode | None = None  # S3 object lock of originals once a case closes


def case_input(fields: Any) -> case_commands.CaseInput:
    return case_commands.CaseInput(
        title=fields.title,
        description=fields.description,
        incident_at=read_time(fields, "incident_at"),
        incident_location=fields.incident_location,
        incident_type=fields.incident_type,
        department=fields.department,
        assignees=[parse_id(a, "assignees") for a in fields.assignees],
        tags=list(fields.tags),
        categories=list(fields.categories),
        custom_fields_json=fields.custom_fields_json,
    )


class EvidenceServicer(RedactionRequestRpcs, MoreEvidenceRpcs):
    """Results are mapped inside the unit of work: leaving it rolls back and expires rows."""

    def __init__(self, deps: EvidenceDeps) -> None:
        self._deps = deps
        self._uow = deps.uow

    async def ListCases(self, request: Any, context: Context) -> evidence_pb2.ListCasesResponse:
        principal = current_principal()
        async with self._uow() as uow:
            if request.shared:
                shared = await cases.list_shared_cases(uow, principal)
                messages = [case_message(s.case, s.access) for s in shared]
                return evidence_pb2.ListCasesResponse(cases=messages)
            filters = CaseFilters(
                request.query,
                request.status,
                request.tag,
                request.department,
                optional_id(request.assignee, "assignee"),
            )
            found = await cases.list_cases(uow, principal, filters)
            return evidence_pb2.ListCasesResponse(cases=[case_message(c) for c in found])

    async def GetCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        async with self._uow() as uow:
            found = await cases.get_case_access(
                uow, current_principal(), parse_id(request.id, "id")
            )
            return case_message(found.case, found.access)

    async def CreateCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        fields = case_input(request.fields)
        async with self._uow() as uow:
            case = await case_commands.create_case(uow, current_principal(), request.number, fields)
            return case_message(case)

    async def UpdateCase(self, request: Any, context: Context) -> evidence_pb2.Case:
        case_id, fields = parse_id(request.id, "id"), case_input(request.fields)
        async with self._uow() as uow:
            case = await case_commands.update_case(
                uow, current_principal(), case_id, fields, list(request.update_mask)
            )
            return case_message(case)

    async def SetCaseStatus(self, request: Any, context: Context) -> evidence_pb2.Case:
        case_id = parse_id(request.id, "id")
        async with self._uow() as uow:
            case = await case_commands.set_status(
                uow, current_principal(), case_id, request.status, request.reason
            )
            message = case_message(case)
        if request.status == "closed":  # retention is known from now on
            await retention.lock_closed_case(
                self._uow, self._deps.store, case_id, self._deps.lock_mode
            )
        return message

    async def ListCaseEvidence(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListCaseEvidenceResponse:
        case_id = parse_id(request.case_id, "case_id")
        async with self._uow() as uow:
            views = await cases.list_case_evidence(
                uow, current_principal(), case_id, request.include_deleted
            )
            return evidence_pb2.ListCaseEvidenceResponse(items=[item_message(v) for v in views])

    async def GetEvidence(self, request: Any, context: Context) -> evidence_pb2.EvidenceItem:
        evidence_id = parse_id(request.id, "id")
        async with self._uow() as uow:
            view = await item_for_caller(
                uow, optional_principal(), evidence_id, request.share_token
            )
            return item_message(view)

    async def DownloadEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_id(request.id, "id")
        async with self._uow() as uow:
            download = await authorize_download(
                uow,
                optional_principal(),
                evidence_id,
                request.source_address or None,
                request.share_token,
            )
        try:
            chunks = stream_download(self._uow, self._deps.store, download, self._deps.chunk_size)
            async for data in chunks:
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted:
            await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")

    async def StreamEvidence(
        self, request: Any, context: Context
    ) -> AsyncIterator[evidence_pb2.EvidenceChunk]:
        evidence_id = parse_id(request.id, "id")
        try:
            stream = await authorize_stream(
                self._uow,
                self._deps.store,
                (optional_principal(), request.share_token),
                evidence_id,
                (request.offset, request.length),
                request.source_address or None,
                self._deps.block_size,
            )
            async for data in stream_range(self._uow, self._deps.store, stream):
                yield evidence_pb2.EvidenceChunk(data=data)
        except EvidenceCorrupted:
            await context.abort(grpc.StatusCode.DATA_LOSS, "evidence failed its integrity check")

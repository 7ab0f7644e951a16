"""File request RPCs: public upload links to a case, and who may upload to a case at all."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid

from evidence.adapters import repository
from evidence.entrypoints.deps import Context, EvidenceRpcs
from evidence.entrypoints.mappers import (
    case_message,
    file_request_input,
    file_request_message,
    public_request_message,
)
from evidence.service_layer import file_requests


class FileRequestRpcs(EvidenceRpcs):
    async def CreateFileRequest(
        self, request: Any, context: Context
    ) -> evidence_pb2.CreateFileRequestResponse:
        found, token = await file_requests.create_file_request(
            self._uow,
            self._deps.grants,
            current_principal(),
            file_request_input(request),
            request.source_address or None,
        )
        return evidence_pb2.CreateFileRequestResponse(
            file_request=file_request_message(found), token=token
        )

    async def ListFileRequests(
        self, request: Any, context: Context
    ) -> evidence_pb2.ListFileRequestsResponse:
        case_id = parse_uuid(request.case_id, "case_id")
        async with self._uow() as uow:
            found = await file_requests.list_file_requests(uow, current_principal(), case_id)
            messages = [file_request_message(r) for r in found]
            return evidence_pb2.ListFileRequestsResponse(file_requests=messages)

    async def RevokeFileRequest(self, request: Any, context: Context) -> evidence_pb2.FileRequest:
        request_id = parse_uuid(request.id, "id")
        found = await file_requests.revoke_file_request(
            self._uow,
            self._deps.grants,
            current_principal(),
            request_id,
            request.source_address or None,
        )
        return file_request_message(found)

    async def GetPublicFileRequest(
        self, request: Any, context: Context
    ) -> evidence_pb2.PublicFileRequest:
        async with self._uow() as uow:
            found = await file_requests.public_file_request(uow, request.token)
            return public_request_message(found)

    async def AuthorizeUpload(self, request: Any, context: Context) -> Any:
        case_id = parse_uuid(request.case_id, "case_id")
        async with self._uow() as uow:
            await file_requests.authorize_upload(uow, current_principal(), case_id)
            case = await repository.case_by_id(uow.session, case_id)
            assert case is not None
            return case_message(case, "contribute")

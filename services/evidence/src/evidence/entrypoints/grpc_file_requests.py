"""File request RPCs: public upload links to a case, and who may upload to a case at all."""

from __future__ import annotations

from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid

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
        new, principal = file_request_input(request), current_principal()
        async with self._uow() as uow:  # authorize before asking for a grant
            target = await file_requests.target_case(uow, principal, new)
        grant = await file_requests.open_public_grant(self._deps.grants, target, new)
        async with self._uow() as uow:
            found = file_requests.add_file_request(
                uow, principal, target, new, grant, request.source_address or None
            )
            await uow.commit()
            return evidence_pb2.CreateFileRequestResponse(
                file_request=file_request_message(found), token=grant[1]
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
        async with self._uow() as uow:
            found = await file_requests.revoke_file_request(
                uow,
                self._deps.grants,
                current_principal(),
                request_id,
                request.source_address or None,
            )
            await uow.commit()
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
            case = await file_requests.authorize_upload(uow, current_principal(), case_id)
            return case_message(case, "contribute")

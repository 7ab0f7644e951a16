"""The evidence service, as the disclosure builder needs it: the case, its items, and each
original streamed through DownloadEvidence (authorized, verified and audited there)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_platform.errors import InvalidArgument, PermissionDenied
from custody_platform.grpc.client import GrpcClient, domain_errors
from custody_platform.grpc.fields import read_time


@dataclass(frozen=True)
class CaseInfo:
    id: uuid.UUID
    org_id: uuid.UUID
    number: str
    title: str


@dataclass(frozen=True)
class ItemInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    source: str
    created_at: datetime | None


class EvidenceSource:
    """Calls go out as the principal of the RPC being served (GrpcClient forwards it)."""

    def __init__(self, client: GrpcClient, address: str) -> None:
        self._client, self._address = client, address

    @property
    def _stub(self) -> evidence_pb2_grpc.EvidenceStub:
        return evidence_pb2_grpc.EvidenceStub(self._client.channel(self._address))

    async def case(self, case_id: uuid.UUID) -> CaseInfo:
        with domain_errors():  # NOT_FOUND there (another org's case) is NotFound here
            case = await self._stub.GetCase(evidence_pb2.GetCaseRequest(id=str(case_id)))
        return CaseInfo(uuid.UUID(case.id), uuid.UUID(case.org_id), case.number, case.title)

    async def item_on_case(self, case_id: uuid.UUID, evidence_id: uuid.UUID) -> ItemInfo:
        with domain_errors():
            request = evidence_pb2.GetEvidenceRequest(id=str(evidence_id))
            item = await self._stub.GetEvidence(request)
        if item.case_id != str(case_id):
            raise InvalidArgument(f"evidence {evidence_id} is not on case {case_id}")
        if item.permission == "view":  # asked early; DownloadEvidence still decides
            raise PermissionDenied(f"evidence {evidence_id} may only be viewed, not disclosed")
        return ItemInfo(
            id=uuid.UUID(item.id),
            case_id=uuid.UUID(item.case_id),
            org_id=uuid.UUID(item.org_id),
            filename=item.filename,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            source=item.source,
            created_at=read_time(item, "created_at"),
        )

    async def download(self, evidence_id: uuid.UUID, source_address: str) -> AsyncIterator[bytes]:
        request = evidence_pb2.DownloadEvidenceRequest(
            id=str(evidence_id), source_address=source_address
        )
        call = self._stub.DownloadEvidence(request)
        try:
            with domain_errors():  # view-only is PERMISSION_DENIED, a corrupt original aborts
                async for chunk in call:
                    yield chunk.data
        finally:
            call.cancel()

    async def close(self) -> None:
        await self._client.close()

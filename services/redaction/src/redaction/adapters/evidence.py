"""Evidence, as the redaction worker uses it: the original's verified bytes (through the
audited DownloadEvidence stream, never the object store directly) and the redacted copy
registered as a derived item. Calls carry a service principal in the job's organization."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from custody_contracts.grpc import evidence_pb2, evidence_pb2_grpc
from custody_contracts.principal import ROLE_SERVICE, Principal
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors
from custody_platform.objectstore import IntegrityError

# Who the ledger shows fetching originals for redaction: this service, acting in the job's
# organization (evidence scopes every read by org).
SERVICE_USER_ID = uuid.uuid5(uuid.NAMESPACE_URL, "custody:service:redaction")
SOURCE_ADDRESS = "service:redaction"


def service_principal(org_id: uuid.UUID) -> Principal:
    return Principal(user_id=SERVICE_USER_ID, org_id=org_id, roles=frozenset({ROLE_SERVICE}))


@dataclass(frozen=True)
class DerivedCopy:
    original_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    filename: str
    content_type: str
    description: str
    job_id: uuid.UUID


class EvidenceClient:
    def __init__(self, client: GrpcClient, address: str) -> None:
        self._client = client
        self._address = address

    def _stub(self) -> evidence_pb2_grpc.EvidenceStub:
        return evidence_pb2_grpc.EvidenceStub(self._client.channel(self._address))

    async def download(
        self, evidence_id: uuid.UUID, org_id: uuid.UUID, sha256: str, dst: Path
    ) -> None:
        """Streams the original to dst and checks it is the content the job was asked for."""
        request = evidence_pb2.DownloadEvidenceRequest(
            id=str(evidence_id), source_address=SOURCE_ADDRESS
        )
        metadata = call_metadata(service_principal(org_id))
        digest = hashlib.sha256()
        with domain_errors(), dst.open("wb") as file:
            async for chunk in self._stub().DownloadEvidence(request, metadata=metadata):
                digest.update(chunk.data)
                await asyncio.to_thread(file.write, chunk.data)
        if digest.hexdigest() != sha256:
            raise IntegrityError(f"original {evidence_id}: got {digest.hexdigest()} != {sha256}")

    async def visible(self, principal: Principal, evidence_id: uuid.UUID) -> bool:
        """Asked as the caller: evidence answers NOT_FOUND for an item it may not see."""
        request = evidence_pb2.GetEvidenceRequest(id=str(evidence_id))
        try:
            with domain_errors():
                await self._stub().GetEvidence(request, metadata=call_metadata(principal))
        except NotFound:
            return False
        return True

    async def ingest_derived(self, copy: DerivedCopy) -> uuid.UUID:
        """The derived item's id; idempotent by job id, so a rerun after a crash finds the
        item an earlier attempt created."""
        request = evidence_pb2.IngestDerivedRequest(
            original_id=str(copy.original_id),
            object_key=copy.object_key,
            sha256=copy.sha256,
            filename=copy.filename,
            content_type=copy.content_type,
            description=copy.description,
            idempotency_key=str(copy.job_id),
        )
        with domain_errors():
            item = await self._stub().IngestDerived(
                request, metadata=call_metadata(service_principal(copy.org_id))
            )
        return uuid.UUID(item.id)

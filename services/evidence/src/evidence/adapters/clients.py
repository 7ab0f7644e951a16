"""The device gateway's upload grants, through the contracts stubs only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_platform.grpc.client import GrpcClient
from custody_platform.grpc.fields import timestamp


@dataclass(frozen=True)
class GrantRequest:
    case_id: uuid.UUID
    expires_at: datetime
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: list[str]
    file_request_id: uuid.UUID


class UploadGrants:
    """Channels are made on first use: a grpc.aio channel belongs to the running loop."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    def _stub(self) -> devices_pb2_grpc.DevicesStub:
        return devices_pb2_grpc.DevicesStub(self._client.channel(self._target))

    async def create_public(self, request: GrantRequest) -> tuple[uuid.UUID, str]:
        """A "public" grant for a file request; the caller's principal is forwarded."""
        response = await self._stub().CreateUploadGrant(
            devices_pb2.CreateUploadGrantRequest(
                case_id=str(request.case_id),
                source="public",
                expires_at=timestamp(request.expires_at),
                max_files=request.max_files,
                max_bytes_per_file=request.max_bytes_per_file,
                max_total_bytes=request.max_total_bytes,
                allowed_media_types=request.allowed_media_types,
                file_request_id=str(request.file_request_id),
            )
        )
        return uuid.UUID(response.grant.id), response.token

    async def revoke(self, grant_id: uuid.UUID) -> None:
        await self._stub().RevokeUploadGrant(devices_pb2.RevokeUploadGrantRequest(id=str(grant_id)))

    async def close(self) -> None:
        await self._client.close()

"""Other services, through the contracts stubs only: the device gateway's upload grants, and
the gateway's Identity service (who a referenced user is)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc, identity_pb2, identity_pb2_grpc
from custody_contracts.principal import ROLE_SERVICE, Principal
from custody_platform.errors import NotFound
from custody_platform.grpc.client import GrpcClient, call_metadata, domain_errors
from custody_platform.grpc.fields import timestamp

# Evidence asking on its own behalf: Identity answers it about a user of any organization.
SERVICE_PRINCIPAL = Principal(
    user_id=uuid.UUID(int=0), org_id=uuid.UUID(int=0), roles=frozenset({ROLE_SERVICE})
)


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


@dataclass(frozen=True)
class DirectoryUser:
    id: uuid.UUID
    org_id: uuid.UUID
    roles: frozenset[str]
    active: bool


class Directory:
    """The gateway's Identity service. Asked as a person (the caller's principal), it knows
    only that person's organization; asked as SERVICE_PRINCIPAL, every user."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    def _stub(self) -> identity_pb2_grpc.IdentityStub:
        return identity_pb2_grpc.IdentityStub(self._client.channel(self._target))

    async def user(self, user_id: uuid.UUID, asking: Principal) -> DirectoryUser | None:
        """The user as `asking` may see it; None for an unknown id (or one it may not see)."""
        request = identity_pb2.GetUserRequest(id=str(user_id))
        try:
            with domain_errors():
                found = await self._stub().GetUser(request, metadata=call_metadata(asking))
        except NotFound:
            return None
        return DirectoryUser(
            uuid.UUID(found.id), uuid.UUID(found.org_id), frozenset(found.roles), found.active
        )

    async def organization_exists(self, org_id: uuid.UUID) -> bool:
        """Asked on evidence's own behalf: Identity tells any service whether an id is an
        organization's (its name only)."""
        request = identity_pb2.GetOrganizationRequest(id=str(org_id))
        try:
            with domain_errors():
                await self._stub().GetOrganization(
                    request, metadata=call_metadata(SERVICE_PRINCIPAL)
                )
        except NotFound:
            return False
        return True

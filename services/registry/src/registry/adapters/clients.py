"""Where users, organizations and devices live, asked through their gRPC contracts as the
caller: the gateway's Identity (members of the caller's organization; whether an organization
exists) and the device gateway's Devices (GetDevice answers NOT_FOUND for another
organization's device as for an unknown one)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc, identity_pb2, identity_pb2_grpc
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors

MAX_CONCURRENT_LOOKUPS = 8  # a bulk import may name many devices; ask a few at a time


async def _missing(
    ids: Sequence[uuid.UUID], exists: Callable[[uuid.UUID], Awaitable[object]]
) -> list[uuid.UUID]:
    """Those of ``ids`` that ``exists`` answers NOT_FOUND for, asking a few at a time; any
    other failure propagates (nothing is stored on a guess)."""
    gate = asyncio.Semaphore(MAX_CONCURRENT_LOOKUPS)

    async def known(one: uuid.UUID) -> bool:
        async with gate:
            try:
                with domain_errors():
                    await exists(one)
            except NotFound:
                return False
        return True

    found = await asyncio.gather(*(known(one) for one in ids))
    return [one for one, ok in zip(ids, found, strict=True) if not ok]


class IdentityClient:
    """MemberDirectory over Identity.ListOrgMembers of the caller's org: active users, no
    guests (the listing leaves deactivated users out today; `active` is checked all the same);
    OrganizationDirectory over Identity.GetOrganization, one call per organization id."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    def _stub(self) -> identity_pb2_grpc.IdentityStub:
        # The channel is opened lazily: bootstrap runs before the event loop does.
        return identity_pb2_grpc.IdentityStub(self._client.channel(self._target))

    async def non_members(
        self, user_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        request = identity_pb2.ListOrgMembersRequest(org_id=str(principal.org_id))
        with domain_errors():
            reply = await self._stub().ListOrgMembers(request, metadata=call_metadata(principal))
        members = {
            uuid.UUID(user.id)
            for user in reply.users
            if user.active and ROLE_GUEST not in user.roles
        }
        return [user_id for user_id in user_ids if user_id not in members]

    async def unknown_orgs(
        self, org_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        stub, metadata = self._stub(), call_metadata(principal)

        async def exists(org_id: uuid.UUID) -> object:
            request = identity_pb2.GetOrganizationRequest(id=str(org_id))
            return await stub.GetOrganization(request, metadata=metadata)

        return await _missing(org_ids, exists)


class DevicesClient:
    """DeviceDirectory over Devices.GetDevice, one call per device id."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    def _stub(self) -> devices_pb2_grpc.DevicesStub:
        return devices_pb2_grpc.DevicesStub(self._client.channel(self._target))

    async def unknown_devices(
        self, device_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        stub, metadata = self._stub(), call_metadata(principal)

        async def exists(device_id: uuid.UUID) -> object:
            request = devices_pb2.GetDeviceRequest(id=str(device_id))
            return await stub.GetDevice(request, metadata=metadata)

        return await _missing(device_ids, exists)

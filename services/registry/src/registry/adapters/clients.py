"""Where users and devices live, asked through their gRPC contracts as the caller: the
gateway's Identity (members of the caller's organization) and the device gateway's Devices
(GetDevice answers NOT_FOUND for another organization's device as for an unknown one)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc, identity_pb2, identity_pb2_grpc
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors

MAX_CONCURRENT_LOOKUPS = 8  # a bulk import may name many devices; ask a few at a time


class IdentityClient:
    """MemberDirectory over Identity.ListOrgMembers (active users only) of the caller's org."""

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
        members = {uuid.UUID(user.id) for user in reply.users if ROLE_GUEST not in user.roles}
        return [user_id for user_id in user_ids if user_id not in members]


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
        stub, gate = self._stub(), asyncio.Semaphore(MAX_CONCURRENT_LOOKUPS)

        async def known(device_id: uuid.UUID) -> bool:
            request = devices_pb2.GetDeviceRequest(id=str(device_id))
            async with gate:
                try:
                    with domain_errors():
                        await stub.GetDevice(request, metadata=call_metadata(principal))
                except NotFound:
                    return False
            return True

        found = await asyncio.gather(*(known(device_id) for device_id in device_ids))
        return [d for d, ok in zip(device_ids, found, strict=True) if not ok]

"""The registry's gRPC adapters against stand-in Identity and Devices servers that answer as
the real ones do: only for the principal forwarded with the call, NOT_FOUND otherwise."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from custody_contracts.grpc import devices_pb2, devices_pb2_grpc, identity_pb2, identity_pb2_grpc
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, current_principal, start_grpc_server
from registry.adapters.clients import DevicesClient, IdentityClient

from .conftest import person

pytestmark = pytest.mark.integration

ORG, OTHER = uuid.uuid4(), uuid.uuid4()
MEMBER, GUEST, STRANGER, GONE = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
USERS = {
    MEMBER: (ORG, ["approver"]),
    GUEST: (ORG, ["guest"]),
    STRANGER: (OTHER, ["approver"]),
    GONE: (ORG, ["approver"]),
}
DEACTIVATED = {GONE}
DEVICE, THEIR_DEVICE = uuid.uuid4(), uuid.uuid4()
DEVICES = {DEVICE: ORG, THEIR_DEVICE: OTHER}


class Identity(identity_pb2_grpc.IdentityServicer):
    async def GetOrganization(self, request: Any, context: Any) -> Any:
        current_principal()  # any signed-in caller
        if request.id not in (str(ORG), str(OTHER)):
            raise NotFound("organization not found")
        return identity_pb2.Organization(id=request.id, name="Org")

    async def ListOrgMembers(self, request: Any, context: Any) -> Any:
        if request.org_id != str(current_principal().org_id):
            raise NotFound("organization not found")
        users = [
            identity_pb2.User(id=str(u), org_id=str(org), roles=roles, active=u not in DEACTIVATED)
            for u, (org, roles) in USERS.items()
            if str(org) == request.org_id
        ]
        return identity_pb2.ListOrgMembersResponse(users=users)


class Devices(devices_pb2_grpc.DevicesServicer):
    async def GetDevice(self, request: Any, context: Any) -> Any:
        org = DEVICES.get(uuid.UUID(request.id))
        if org != current_principal().org_id:
            raise NotFound("device not found")
        return devices_pb2.Device(id=request.id, org_id=str(org))


@pytest.fixture
async def target() -> AsyncIterator[str]:
    server = await start_grpc_server(
        [
            (identity_pb2_grpc.add_IdentityServicer_to_server, Identity()),
            (devices_pb2_grpc.add_DevicesServicer_to_server, Devices()),
        ],
        port=0,
        service_name="stand-in",
    )
    yield f"127.0.0.1:{server.port}"
    await server.stop(None)


async def test_only_active_members_of_the_callers_org_who_are_no_guests(target):
    async with GrpcClient() as client:
        identity = IdentityClient(client, target)
        wanted = [STRANGER, MEMBER, uuid.uuid4(), GUEST, GONE]
        strangers = await identity.non_members(wanted, person(ORG, "org_admin"))
        assert strangers == [STRANGER, wanted[2], GUEST, GONE]
        assert await identity.non_members([STRANGER], person(OTHER, "org_admin")) == []


async def test_only_devices_of_the_callers_org(target):
    async with GrpcClient() as client:
        devices = DevicesClient(client, target)
        unknown = uuid.uuid4()
        wanted = [THEIR_DEVICE, DEVICE, unknown]
        assert await devices.unknown_devices(wanted, person(ORG, "org_admin")) == [
            THEIR_DEVICE,
            unknown,
        ]
        assert await devices.unknown_devices([THEIR_DEVICE], person(OTHER, "org_admin")) == []


async def test_only_organizations_that_exist(target):
    async with GrpcClient() as client:
        identity = IdentityClient(client, target)
        unknown = uuid.uuid4()
        wanted = [OTHER, unknown, ORG]
        assert await identity.unknown_orgs(wanted, person(ORG, "org_admin")) == [unknown]
        assert await identity.unknown_orgs([OTHER], person(uuid.uuid4(), "org_admin")) == []

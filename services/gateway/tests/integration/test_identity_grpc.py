"""The Identity servicer on a real grpc.aio server, as notifier and other services call it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
from custody_contracts.grpc import identity_pb2, identity_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.grpc import GrpcClient, GrpcServer, call_metadata, start_grpc_server
from custody_platform.unit_of_work import UnitOfWork
from gateway.entrypoints.grpc_api import IdentityServicer

from .conftest import People

pytestmark = pytest.mark.integration

SERVICE = Principal(user_id=uuid.UUID(int=0), org_id=uuid.UUID(int=0), roles=frozenset({"service"}))


@pytest.fixture
async def identity(
    uow_factory: Callable[[], UnitOfWork],
) -> AsyncIterator[identity_pb2_grpc.IdentityStub]:
    server: GrpcServer = await start_grpc_server(
        [(identity_pb2_grpc.add_IdentityServicer_to_server, IdentityServicer(uow_factory))],
        port=0,
        service_name="gateway",
        host="127.0.0.1",
    )
    async with GrpcClient() as client:
        yield identity_pb2_grpc.IdentityStub(client.channel(f"127.0.0.1:{server.port}"))
    await server.stop(None)


def member(org_id: str, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=uuid.UUID(org_id), roles=frozenset(roles))


async def test_get_user_within_org_and_for_services(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    org_id = await people.org()
    user_id, _ = await people.user(org_id, "investigator", "approver")
    request = identity_pb2.GetUserRequest(id=user_id)
    for caller in (member(org_id, "investigator"), SERVICE):
        user = await identity.GetUser(request, metadata=call_metadata(caller))
        assert (user.id, user.org_id) == (user_id, org_id)
        assert list(user.roles) == ["approver", "investigator"]
        assert user.email.endswith("@example.org")


async def test_get_user_across_orgs_is_not_found(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    harbor, third = await people.org(), await people.org()
    user_id, _ = await people.user(harbor, "approver")
    for user in (user_id, str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await identity.GetUser(
                identity_pb2.GetUserRequest(id=user),
                metadata=call_metadata(member(third, "org_admin")),
            )
        assert raised.value.code() == grpc.StatusCode.NOT_FOUND


async def test_list_org_members_by_role(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    org_id = await people.org()
    approver, _ = await people.user(org_id, "approver")
    both, _ = await people.user(org_id, "approver", "org_admin")
    investigator, _ = await people.user(org_id, "investigator")
    everyone = await identity.ListOrgMembers(
        identity_pb2.ListOrgMembersRequest(org_id=org_id), metadata=call_metadata(SERVICE)
    )
    assert {u.id for u in everyone.users} == {approver, both, investigator}
    approvers = await identity.ListOrgMembers(
        identity_pb2.ListOrgMembersRequest(org_id=org_id, role="approver"),
        metadata=call_metadata(member(org_id, "investigator")),
    )
    assert {u.id for u in approvers.users} == {approver, both}


async def test_a_deactivated_user_is_shown_inactive_and_listed_as_no_member(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    """What services check approvers, assignees and grantees against."""
    org_id = await people.org()
    kept, _ = await people.user(org_id, "approver")
    gone, _ = await people.user(org_id, "approver")
    deactivated = await people.http.post(
        f"/api/v1/users/{gone}/deactivate", headers=people.as_admin
    )
    assert deactivated.status_code == 200
    for user_id, active in ((kept, True), (gone, False)):
        request = identity_pb2.GetUserRequest(id=user_id)
        assert (await identity.GetUser(request, metadata=call_metadata(SERVICE))).active is active
    listed = await identity.ListOrgMembers(
        identity_pb2.ListOrgMembersRequest(org_id=org_id), metadata=call_metadata(SERVICE)
    )
    assert [(u.id, u.active) for u in listed.users] == [(kept, True)]


async def test_list_members_of_another_org_is_not_found(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    harbor, metro = await people.org(), await people.org()
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await identity.ListOrgMembers(
            identity_pb2.ListOrgMembersRequest(org_id=harbor),
            metadata=call_metadata(member(metro, "org_admin")),
        )
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


async def test_calls_without_principal_are_unauthenticated(
    identity: identity_pb2_grpc.IdentityStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await identity.GetUser(identity_pb2.GetUserRequest(id=str(uuid.uuid4())))
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_any_caller_learns_that_an_organization_exists(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    harbor, metro = await people.org(), await people.org()
    request = identity_pb2.GetOrganizationRequest(id=harbor)
    for caller in (member(metro, "org_admin"), member(harbor, "investigator"), SERVICE):
        found = await identity.GetOrganization(request, metadata=call_metadata(caller))
        assert found.id == harbor and found.name


async def test_an_unknown_organization_is_not_found(
    identity: identity_pb2_grpc.IdentityStub, people: People
) -> None:
    caller = member(await people.org(), "org_admin")
    for org_id in (str(uuid.uuid4()), "not-a-uuid", ""):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await identity.GetOrganization(
                identity_pb2.GetOrganizationRequest(id=org_id), metadata=call_metadata(caller)
            )
        assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await identity.GetOrganization(identity_pb2.GetOrganizationRequest(id=str(uuid.uuid4())))
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED

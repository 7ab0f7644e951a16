"""The gateway's Identity service, asked by the notifier on its own behalf."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import identity_pb2, identity_pb2_grpc
from custody_contracts.principal import ROLE_APPROVER, ROLE_ORG_ADMIN, ROLE_SERVICE, Principal
from custody_platform.grpc import GrpcClient, domain_errors

from notifier.domain.messages import Recipient

SERVICE_PRINCIPAL = Principal(
    user_id=uuid.UUID(int=0), org_id=uuid.UUID(int=0), roles=frozenset({ROLE_SERVICE})
)


class IdentityDirectory:
    def __init__(self, clients: GrpcClient, target: str) -> None:
        self._clients = clients
        self._target = target

    def _stub(self) -> identity_pb2_grpc.IdentityStub:
        # The channel is made on first use: it must belong to the running event loop.
        return identity_pb2_grpc.IdentityStub(self._clients.channel(self._target))

    async def approvers(self, org_id: uuid.UUID) -> list[Recipient]:
        return await self._members(org_id, ROLE_APPROVER)

    async def admins(self, org_id: uuid.UUID) -> list[Recipient]:
        return await self._members(org_id, ROLE_ORG_ADMIN)

    async def _members(self, org_id: uuid.UUID, role: str) -> list[Recipient]:
        request = identity_pb2.ListOrgMembersRequest(org_id=str(org_id), role=role)
        with domain_errors():
            reply = await self._stub().ListOrgMembers(request)
        return [_recipient(user) for user in reply.users if user.email]

    async def user(self, user_id: uuid.UUID) -> Recipient:
        with domain_errors():
            user = await self._stub().GetUser(identity_pb2.GetUserRequest(id=str(user_id)))
        return _recipient(user)


def _recipient(user: identity_pb2.User) -> Recipient:
    try:
        org_id: uuid.UUID | None = uuid.UUID(user.org_id)
    except ValueError:
        org_id = None
    return Recipient(user.id, org_id, user.email, user.display_name)

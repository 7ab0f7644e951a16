"""Identity over gRPC, for services that need a user's email, an organization's approvers, or
to know that an organization exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import identity_pb2, identity_pb2_grpc
from custody_platform.grpc.context import current_principal
from custody_platform.grpc.fields import read_optional
from custody_platform.unit_of_work import UnitOfWork

from gateway.entrypoints.mappers import known_id, organization_message, user_message
from gateway.service_layer import identity, organizations


class IdentityServicer(identity_pb2_grpc.IdentityServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    async def GetUser(self, request: identity_pb2.GetUserRequest, context: Any) -> Any:
        user_id = known_id(request.id, "user")
        async with self._uow() as uow:
            user = await identity.get_user(uow, current_principal(), user_id)
            return user_message(user)  # inside: the closing rollback expires loaded rows

    async def ListOrgMembers(
        self, request: identity_pb2.ListOrgMembersRequest, context: Any
    ) -> Any:
        org_id = known_id(request.org_id, "organization")
        role = read_optional(request, "role")
        async with self._uow() as uow:
            users = await identity.list_members(uow, current_principal(), org_id, role)
            return identity_pb2.ListOrgMembersResponse(users=[user_message(u) for u in users])

    async def GetOrganization(
        self, request: identity_pb2.GetOrganizationRequest, context: Any
    ) -> Any:
        current_principal()  # any signed-in caller or service; no principal is UNAUTHENTICATED
        org_id = known_id(request.id, "organization")
        async with self._uow() as uow:
            org = await organizations.look_up_org(uow, org_id)
            return organization_message(org)

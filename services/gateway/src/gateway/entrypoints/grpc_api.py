"""Identity over gRPC, for services that need a user's email or an organization's approvers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import identity_pb2, identity_pb2_grpc
from custody_platform.errors import NotFound
from custody_platform.grpc.context import current_principal
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.orm import User
from gateway.service_layer import identity


def user_message(user: User) -> identity_pb2.User:
    return identity_pb2.User(
        id=str(user.id),
        org_id=str(user.org_id),
        email=user.email,
        display_name=user.display_name,
        roles=sorted(user.roles),
    )


def _parse_id(value: str, what: str) -> uuid.UUID:
    # A malformed id names nothing that exists: same answer as an unknown one.
    try:
        return uuid.UUID(value)
    except ValueError as err:
        raise NotFound(f"{what} not found") from err


class IdentityServicer(identity_pb2_grpc.IdentityServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    async def GetUser(self, request: identity_pb2.GetUserRequest, context: Any) -> Any:
        user_id = _parse_id(request.id, "user")
        async with self._uow() as uow:
            user = await identity.get_user(uow, current_principal(), user_id)
            return user_message(user)  # inside: the closing rollback expires loaded rows

    async def ListOrgMembers(
        self, request: identity_pb2.ListOrgMembersRequest, context: Any
    ) -> Any:
        org_id = _parse_id(request.org_id, "organization")
        role = request.role if request.HasField("role") else None
        async with self._uow() as uow:
            users = await identity.list_members(uow, current_principal(), org_id, role)
            return identity_pb2.ListOrgMembersResponse(users=[user_message(u) for u in users])

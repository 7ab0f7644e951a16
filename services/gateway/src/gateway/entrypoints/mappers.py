"""Proto <-> domain mapping of the Identity gRPC service."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import identity_pb2
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.grpc.fields import parse_uuid

from gateway.adapters.orm import Organization, User


def user_message(user: User) -> identity_pb2.User:
    return identity_pb2.User(
        id=str(user.id),
        org_id=str(user.org_id),
        email=user.email,
        display_name=user.display_name,
        roles=sorted(user.roles),
        active=user.is_active,
    )


def organization_message(org: Organization) -> identity_pb2.Organization:
    """Only what proves it exists: the id and the name."""
    return identity_pb2.Organization(id=str(org.id), name=org.name)


def known_id(value: str, what: str) -> uuid.UUID:
    """A malformed id names nothing that exists: the same answer as an unknown one."""
    try:
        return parse_uuid(value, what)
    except InvalidArgument:
        raise NotFound(f"{what} not found") from None

"""Who may see and decide what: the requester's organization sees the whole request, a
camera owner sees only its own line items, and only the owner's approvers decide them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol, TypeVar

from custody_contracts.principal import (
    ROLE_APPROVER,
    ROLE_INVESTIGATOR,
    ROLE_ORG_ADMIN,
    ROLE_SERVICE,
    Principal,
)
from custody_platform.errors import NotFound, PermissionDenied


class Owned(Protocol):
    @property
    def owner_org_id(self) -> uuid.UUID: ...


T = TypeVar("T", bound=Owned)


def check_submitter(principal: Principal) -> None:
    if not principal.has_role(ROLE_INVESTIGATOR, ROLE_ORG_ADMIN):
        raise PermissionDenied("only investigators may submit video requests")


def visible_items(requester_org: uuid.UUID, items: Sequence[T], principal: Principal) -> list[T]:
    """The items ``principal`` may see; empty when it is no party to the request."""
    if principal.org_id == requester_org or principal.has_role(ROLE_SERVICE):
        return list(items)
    return [item for item in items if item.owner_org_id == principal.org_id]


def check_decider(requester_org: uuid.UUID, item: Owned, principal: Principal) -> None:
    """NotFound for strangers (no existence leak), PermissionDenied for parties without rights."""
    if principal.org_id not in (requester_org, item.owner_org_id):
        raise NotFound("line item not found")
    if principal.org_id != item.owner_org_id:
        raise PermissionDenied("only the camera's organization may decide this line item")
    if not principal.has_role(ROLE_APPROVER, ROLE_ORG_ADMIN):
        raise PermissionDenied("only an approver may decide line items")

"""Who may see and do what: the requester's organization sees the whole request, a camera
owner sees only its own line items, only the owner's approvers decide them, and a guest
(an outside investigator bound to the inviting organization) sees only their own requests.

A line item's approvers are those the owner's policy named for its camera when it was
submitted (the camera group's, else the organization's request settings): the people who
are emailed and reminded about it. When the owner named none, any of its users with the
approver or org_admin role decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol, TypeVar

from custody_contracts.principal import (
    ROLE_APPROVER,
    ROLE_GUEST,
    ROLE_INVESTIGATOR,
    ROLE_ORG_ADMIN,
    ROLE_SERVICE,
    Principal,
)
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied


class Owned(Protocol):
    @property
    def owner_org_id(self) -> uuid.UUID: ...


class Requested(Protocol):
    @property
    def requester_org_id(self) -> uuid.UUID: ...

    @property
    def requester_user_id(self) -> uuid.UUID: ...


class Decidable(Owned, Protocol):
    @property
    def approver_user_ids(self) -> Sequence[uuid.UUID]: ...


T = TypeVar("T", bound=Owned)


def is_guest(principal: Principal) -> bool:
    return principal.has_role(ROLE_GUEST) and not principal.has_role(ROLE_SERVICE)


def check_submitter(principal: Principal) -> None:
    if not principal.has_role(ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, ROLE_GUEST):
        raise PermissionDenied("only investigators may submit video requests")


def check_guest_cameras(principal: Principal, owner_org_ids: Sequence[uuid.UUID]) -> None:
    """A guest asks only the organization that invited them."""
    if is_guest(principal) and any(org != principal.org_id for org in owner_org_ids):
        raise InvalidArgument("a guest may only request cameras of the inviting organization")


def is_requester(request: Requested, principal: Principal) -> bool:
    if is_guest(principal):
        return request.requester_user_id == principal.user_id
    return request.requester_org_id == principal.org_id


def visible_items(request: Requested, items: Sequence[T], principal: Principal) -> list[T]:
    """The items ``principal`` may see; empty when it is no party to the request."""
    if is_requester(request, principal) or principal.has_role(ROLE_SERVICE):
        return list(items)
    if is_guest(principal):
        return []
    return [item for item in items if item.owner_org_id == principal.org_id]


def check_requester(request: Requested, items: Sequence[Owned], principal: Principal) -> None:
    """Only the requesting party acts for the requester; others learn nothing or are refused."""
    if not visible_items(request, items, principal):
        raise NotFound("request not found")
    if not is_requester(request, principal):
        raise PermissionDenied("only the requester may do this")


def check_decider(request: Requested, item: Decidable, principal: Principal) -> None:
    """NotFound for strangers (no existence leak), PermissionDenied for parties without rights."""
    if not visible_items(request, [item], principal):
        raise NotFound("line item not found")
    if principal.org_id != item.owner_org_id or is_guest(principal):
        raise PermissionDenied("only the camera's organization may decide this line item")
    if item.approver_user_ids:
        if principal.user_id not in item.approver_user_ids:
            raise PermissionDenied("only the approvers named for this camera may decide it")
    elif not principal.has_role(ROLE_APPROVER, ROLE_ORG_ADMIN):
        raise PermissionDenied("only an approver may decide line items")

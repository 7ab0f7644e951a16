"""Who may do what with identity data: pure checks on the caller's principal.

Across organizations the answer is always "not found", never "forbidden": a caller must not
learn that another organization's user or organization exists.
"""

from __future__ import annotations

import uuid

from custody_contracts.principal import (
    ROLE_APPROVER,
    ROLE_INVESTIGATOR,
    ROLE_ORG_ADMIN,
    ROLE_SERVICE,
    ROLE_SUPERADMIN,
    Principal,
)
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied

ASSIGNABLE_ROLES = frozenset({ROLE_ORG_ADMIN, ROLE_INVESTIGATOR, ROLE_APPROVER})


def normalize_email(email: str) -> str:
    return email.strip().lower()


def ensure_superadmin(principal: Principal) -> None:
    if not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied("only a superadmin may do this")


def ensure_can_see_org(principal: Principal, org_id: uuid.UUID) -> None:
    """Superadmins see every organization; members see their own."""
    if principal.org_id != org_id and not principal.has_role(ROLE_SUPERADMIN, ROLE_SERVICE):
        raise NotFound("organization not found")


def sees_org_in_full(principal: Principal, org_id: uuid.UUID) -> bool:
    """Members and superadmins see all of an organization; anyone else its public card."""
    return principal.org_id == org_id or principal.has_role(ROLE_SUPERADMIN, ROLE_SERVICE)


def ensure_can_edit_org(principal: Principal, org_id: uuid.UUID) -> None:
    """Its own org admins change an organization's public card, or a superadmin; to anyone
    else it is another organization's object (404), though its card is public."""
    if principal.has_role(ROLE_SUPERADMIN):
        return
    if principal.org_id != org_id:
        raise NotFound("organization not found")
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org_admin may change the organization")


def ensure_can_manage_users(principal: Principal, org_id: uuid.UUID) -> None:
    """Superadmins manage every organization's users, org admins their own organization's."""
    if principal.has_role(ROLE_SUPERADMIN):
        return
    if principal.org_id != org_id:
        raise NotFound("organization not found")
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org_admin may manage users")


def ensure_can_deactivate(
    principal: Principal, user_id: uuid.UUID, user_org_id: uuid.UUID, roles: frozenset[str]
) -> None:
    """Org admins deactivate users of their own organization, superadmins anyone's; nobody
    deactivates themselves, and only a superadmin deactivates a superadmin."""
    ensure_can_manage_users(principal, user_org_id)
    if user_id == principal.user_id:
        raise Conflict("you may not deactivate yourself")
    if ROLE_SUPERADMIN in roles and not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied("only a superadmin may deactivate a superadmin")


def ensure_can_see_user(principal: Principal, user_org_id: uuid.UUID) -> None:
    """Internal services see every user; people only the users of their organization."""
    if principal.org_id != user_org_id and not principal.has_role(ROLE_SERVICE):
        raise NotFound("user not found")


def ensure_can_list_members(principal: Principal, org_id: uuid.UUID) -> None:
    if principal.org_id != org_id and not principal.has_role(ROLE_SERVICE):
        raise NotFound("organization not found")


def ensure_can_read_directory(principal: Principal, org_id: uuid.UUID) -> None:
    """An organization's people (to pick approvers, assignees): its members and superadmins.
    A guest carries the inviting organization's id but is no member of it."""
    if principal.has_role(ROLE_SUPERADMIN):
        return
    if principal.org_id != org_id or not principal.roles & ASSIGNABLE_ROLES:
        raise NotFound("organization not found")


def ensure_assignable(roles: frozenset[str]) -> None:
    """Superadmin is granted only at seeding; the API hands out organization roles."""
    if not roles:
        raise InvalidArgument("a user needs at least one role")
    if unknown := roles - ASSIGNABLE_ROLES:
        raise InvalidArgument(f"roles not assignable: {', '.join(sorted(unknown))}")


def ensure_has_role(principal: Principal, *roles: str) -> None:
    if not principal.has_role(*roles):
        raise PermissionDenied(f"requires role: {' or '.join(roles)}")

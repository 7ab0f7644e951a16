"""A platform operator acting for an organization (decision 0048): who may, and as whom.

A superadmin signed in as a person names the organization in the ``Custody-Acting-For``
header; the services then see a principal of that organization with the org_admin role only,
marked as acting, so every change it makes is audited as the operator's acting for it.
"""

from __future__ import annotations

import uuid

from custody_contracts.principal import ROLE_ORG_ADMIN, ROLE_SUPERADMIN, Principal
from custody_platform.errors import InvalidArgument, PermissionDenied

HEADER = "Custody-Acting-For"


def parse_org_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise InvalidArgument(f"{HEADER} must be an organization id") from None


def ensure_may_act(principal: Principal | None) -> Principal:
    """Only a superadmin signed in as a person acts for an organization, never an API key
    (``None``: the request carries one)."""
    if principal is None:
        raise PermissionDenied(f"an API key cannot send {HEADER}")
    if not principal.has_role(ROLE_SUPERADMIN):
        raise PermissionDenied(f"only a superadmin may send {HEADER}")
    return principal


def ensure_customer_org(operator: Principal, org_id: uuid.UUID, *, platform: bool) -> None:
    """The platform's own organization is the operator's home, not one to set up."""
    if platform or org_id == operator.org_id:
        raise PermissionDenied("a superadmin acts only for a customer organization")


def acting_principal(operator: Principal, org_id: uuid.UUID) -> Principal:
    """The operator as the organization's administrator: org_admin only, so it sets things
    up but gains no investigator or approver rights there."""
    return Principal(
        user_id=operator.user_id, org_id=org_id, roles=frozenset({ROLE_ORG_ADMIN}), acting=True
    )

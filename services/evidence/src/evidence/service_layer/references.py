"""The users that cases and grants name, checked where users live: the gateway's Identity
service. An unknown or out-of-reach user is InvalidArgument naming the field, before
anything changes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import InvalidArgument

from evidence.adapters.clients import SERVICE_PRINCIPAL, Directory


async def check_assignees(
    directory: Directory, principal: Principal, user_ids: Sequence[uuid.UUID]
) -> None:
    """Assignees are members of the case's organization, the caller's own. Identity is asked
    as the caller, so it answers NotFound for a user of any other organization; a guest
    carries the organization's id but is no member of it."""
    found = await asyncio.gather(*(directory.user(u, principal) for u in user_ids))
    for user_id, user in zip(user_ids, found, strict=True):
        if user is None or user.org_id != principal.org_id:
            raise InvalidArgument(f"assignees: unknown user {user_id}")
        if ROLE_GUEST in user.roles:
            raise InvalidArgument(f"assignees: user {user_id} is a guest, not a member")
        if not user.active:
            raise InvalidArgument(f"assignees: user {user_id} is deactivated")


async def check_grantee(directory: Directory, grantee_type: str, grantee_id: uuid.UUID) -> None:
    """A grant may name a user or an organization of any organization: sharing a case with
    another agency or its investigator, or a guest, is what grants are for. So evidence asks
    Identity on its own behalf, and only whether the organization exists, or the user exists
    and is active (and, for a guest grant, is a guest)."""
    if grantee_type == "org":
        if not await directory.organization_exists(grantee_id):
            raise InvalidArgument(f"grantee_id: unknown organization {grantee_id}")
        return
    user = await directory.user(grantee_id, SERVICE_PRINCIPAL)
    if user is None:
        raise InvalidArgument(f"grantee_id: unknown user {grantee_id}")
    if grantee_type == "guest" and ROLE_GUEST not in user.roles:
        raise InvalidArgument(f"grantee_id: user {grantee_id} is not a guest")
    if not user.active:
        raise InvalidArgument(f"grantee_id: user {grantee_id} is deactivated")

"""Organizations and users: create, read and deactivate, scoped to the caller's organization."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.orm import Organization, User
from gateway.adapters.repository import IdentityRepository
from gateway.adapters.sessions import SessionRepository
from gateway.domain import policy
from gateway.domain.passwords import hash_password


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, org_id=user.org_id, roles=frozenset(user.roles))


async def create_org(
    uow: UnitOfWork, principal: Principal, *, name: str, source_address: str | None = None
) -> Organization:
    policy.ensure_superadmin(principal)
    org = Organization(name=name.strip())
    if not await IdentityRepository(uow.session).add_org(org):
        raise Conflict("an organization with that name exists")
    uow.audit(
        Actor.of(principal, source_address),
        "org.created",
        object_type="organization",
        object_id=org.id,
        org_ids=(org.id,),
        name=org.name,
    )
    return org


async def get_org(uow: UnitOfWork, principal: Principal, org_id: uuid.UUID) -> Organization:
    policy.ensure_can_see_org(principal, org_id)
    org = await IdentityRepository(uow.session).org(org_id)
    if org is None:
        raise NotFound("organization not found")
    return org


async def create_user(
    uow: UnitOfWork,
    principal: Principal,
    *,
    org_id: uuid.UUID,
    email: str,
    password: str,
    display_name: str,
    roles: Iterable[str],
    source_address: str | None = None,
) -> User:
    policy.ensure_can_manage_users(principal, org_id)
    policy.ensure_assignable(frozenset(roles))
    await get_org(uow, principal, org_id)
    user = User(
        org_id=org_id,
        email=policy.normalize_email(email),
        display_name=display_name.strip(),
        password_hash=await asyncio.to_thread(hash_password, password),
        roles=sorted(roles),
    )
    if not await IdentityRepository(uow.session).add_user(user):
        raise Conflict("a user with that email exists")
    uow.audit(
        Actor.of(principal, source_address),
        "user.created",
        object_type="user",
        object_id=user.id,
        org_ids=(org_id,),
        roles=user.roles,
    )
    return user


async def get_user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> User:
    user = await IdentityRepository(uow.session).user(user_id)
    if user is None:
        raise NotFound("user not found")
    policy.ensure_can_see_user(principal, user.org_id)
    return user


async def list_members(
    uow: UnitOfWork, principal: Principal, org_id: uuid.UUID, role: str | None = None
) -> list[User]:
    policy.ensure_can_list_members(principal, org_id)
    return await IdentityRepository(uow.session).members(org_id, role)


async def deactivate_user(
    uow: UnitOfWork, principal: Principal, user_id: uuid.UUID, source_address: str | None = None
) -> User:
    """An org admin (or a superadmin) deactivates a user of their organization: the user can no
    longer sign in and every session of theirs ends at once. Deactivating twice is harmless."""
    user = await IdentityRepository(uow.session).user(user_id)
    if user is None:
        raise NotFound("user not found")
    policy.ensure_can_deactivate(principal, user.id, user.org_id, frozenset(user.roles))
    now = datetime.now(UTC)
    if user.is_active:
        user.is_active, user.deactivated_at = False, now
    uow.session.add(user)
    ended = await SessionRepository(uow.session).revoke_all(user.id, now, "user_deactivated")
    uow.audit(
        Actor.of(principal, source_address),
        "user.deactivated",
        object_type="user",
        object_id=user.id,
        org_ids=(user.org_id,),
        sessions_revoked=ended,
    )
    return user

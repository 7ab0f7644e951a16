"""People's lifecycle (decision 0042): find an organization's users, change their name and
roles, reactivate them, reset a password (a temporary one, changed at next sign-in) and change
one's own. Every change is audited like a deactivation; a reset ends the user's sessions."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from custody_contracts.principal import ROLE_SUPERADMIN, Principal
from custody_platform.errors import Conflict, DomainError, InvalidArgument, NotFound
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.orm import User
from gateway.adapters.repository import IdentityRepository
from gateway.adapters.sessions import SessionRepository, SignInFailures
from gateway.domain import people, policy
from gateway.domain.passwords import hash_password, verify_password
from gateway.domain.people import PeopleQuery
from gateway.domain.sessions import AuthPolicy
from gateway.domain.tokens import AccessClaims
from gateway.service_layer.user_audit import audit_user


@dataclass(frozen=True)
class PeoplePage:
    items: list[User]
    total: int
    next_cursor: str  # "" = last page


async def find_people(
    uow: UnitOfWork, principal: Principal, org_id: uuid.UUID, query: PeopleQuery, cursor: str
) -> PeoplePage:
    """Its members see the organization's active users; its admins (and superadmins) also the
    deactivated ones."""
    if query.active is not True:
        policy.ensure_can_manage_users(principal, org_id)
    policy.ensure_can_read_directory(principal, org_id)
    after = people.decode_cursor(cursor)
    page = PeopleQuery(query.text, query.role, query.active, after, query.limit + 1)
    found, total = await IdentityRepository(uow.session).people(org_id, page)
    more = len(found) > query.limit
    items = found[: query.limit]
    return PeoplePage(items, total, people.encode_cursor(items[-1].email) if more else "")


async def read_person(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> User:
    user = await _user(uow, principal, user_id)
    policy.ensure_can_manage_users(principal, user.org_id)
    return user


async def change_person(
    uow: UnitOfWork,
    principal: Principal,
    user_id: uuid.UUID,
    *,
    display_name: str | None,
    roles: frozenset[str] | None,
    source: str | None,
) -> User:
    """A new display name or set of roles; fields not given keep their value."""
    user = await _user(uow, principal, user_id)
    before = frozenset(user.roles)
    people.ensure_can_administer(principal, user.id, user.org_id, before)
    changed: dict[str, Any] = {}
    if display_name is not None and display_name.strip() != user.display_name:
        user.display_name = changed["display_name"] = display_name.strip()
    if roles is not None and roles != before:
        people.ensure_role_change(principal, user.id, before, roles)
        user.roles = sorted(roles)
        changed |= {"roles": user.roles, "roles_before": sorted(before)}
    if changed:
        uow.session.add(user)
        audit_user(uow, principal, source, "user.changed", user, **changed)
    return user


async def reactivate(
    uow: UnitOfWork, principal: Principal, user_id: uuid.UUID, source: str | None
) -> User:
    """The user signs in again (with the password they had). Reactivating twice is harmless."""
    user = await _user(uow, principal, user_id)
    people.ensure_can_administer(principal, user.id, user.org_id, frozenset(user.roles))
    if not user.is_active:
        user.is_active, user.deactivated_at = True, None
        uow.session.add(user)
        audit_user(uow, principal, source, "user.reactivated", user)
    return user


async def reset_password(
    uow: UnitOfWork, auth: AuthPolicy, principal: Principal, user_id: uuid.UUID, source: str | None
) -> tuple[User, str]:
    """A temporary password, answered once, that the user must change at next sign-in. Every
    session of theirs ends and the email's failed sign-ins are forgotten."""
    user = await _user(uow, principal, user_id)
    people.ensure_can_administer(principal, user.id, user.org_id, frozenset(user.roles))
    people.ensure_not_self(principal, user.id, "reset the password of")
    password = people.temporary_password()
    user.password_hash = await asyncio.to_thread(hash_password, password)
    user.password_change_required = True
    uow.session.add(user)
    now = datetime.now(UTC)
    ended = await SessionRepository(uow.session).revoke_all(user.id, now, "password_reset")
    await SignInFailures(uow.session, auth.lockout).clear(user.email)
    audit_user(uow, principal, source, "user.password_reset", user, sessions_revoked=ended)
    return user, password


async def change_my_password(
    uow: UnitOfWork, auth: AuthPolicy, who: AccessClaims, current: str, new: str, source: str | None
) -> DomainError | None:
    """With the current password; the caller's other sessions end. A wrong current password
    counts toward the sign-in lockout: the entrypoint commits, then answers the refusal."""
    user = await _user(uow, who.principal, who.principal.user_id)
    now, failures = datetime.now(UTC), SignInFailures(uow.session, auth.lockout)
    if (until := await failures.locked_until(user.email, now)) is not None:
        return auth.lockout.locked(until, now)
    if not await asyncio.to_thread(verify_password, user.password_hash, current):
        await failures.record(user.email, now)
        audit_user(uow, who.principal, source, "user.password_change_failed", user)
        return InvalidArgument(people.WRONG_PASSWORD)
    if current == new:
        return Conflict(people.SAME_PASSWORD)
    user.password_hash = await asyncio.to_thread(hash_password, new)
    user.password_change_required = False
    uow.session.add(user)
    sessions = SessionRepository(uow.session)
    ended = await sessions.revoke_all(user.id, now, "password_changed", keep=who.session_id)
    audit_user(uow, who.principal, source, "user.password_changed", user, sessions_revoked=ended)
    return None


async def _user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> User:
    """The user, or 404 to anyone outside their organization but a superadmin."""
    user = await IdentityRepository(uow.session).user(user_id)
    if user is None or not (principal.org_id == user.org_id or principal.has_role(ROLE_SUPERADMIN)):
        raise NotFound("user not found")
    return user

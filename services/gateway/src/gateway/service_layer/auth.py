"""Logging in and the first administrator."""

from __future__ import annotations

import asyncio

from custody_contracts.principal import ROLE_SUPERADMIN
from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.orm import User
from gateway.adapters.repository import IdentityRepository
from gateway.domain import passwords
from gateway.domain.policy import normalize_email
from gateway.domain.tokens import IssuedToken, TokenSigner
from gateway.service_layer.identity import principal_of

BAD_CREDENTIALS = "incorrect email or password"
FIRST_ORG = "Custody"


async def login(
    uow: UnitOfWork,
    signer: TokenSigner,
    *,
    email: str,
    password: str,
    source_address: str | None = None,
) -> IssuedToken:
    """A token for valid credentials; one message for every failure, so emails cannot be probed."""
    user = await IdentityRepository(uow.session).user_by_email(normalize_email(email))
    if not await _password_matches(user, password) or user is None or not user.is_active:
        raise Unauthenticated(BAD_CREDENTIALS)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await asyncio.to_thread(passwords.hash_password, password)
        uow.session.add(user)
    principal = principal_of(user)
    uow.audit(
        Actor.of(principal, source_address),
        "user.login",
        object_type="user",
        object_id=user.id,
        org_ids=(user.org_id,),
    )
    return signer.issue(principal)


async def _password_matches(user: User | None, password: str) -> bool:
    if user is None:
        await asyncio.to_thread(passwords.burn_verification_time, password)
        return False
    return await asyncio.to_thread(passwords.verify_password, user.password_hash, password)


async def seed_first_admin(uow: UnitOfWork, *, email: str, password: str) -> bool:
    """Create org "Custody" and its superadmin unless present; safe to run from many replicas."""
    repo = IdentityRepository(uow.session)
    email = normalize_email(email)
    if await repo.user_by_email(email) is not None:
        return False
    org = await repo.ensure_org(FIRST_ORG)
    admin = User(
        org_id=org.id,
        email=email,
        display_name="Administrator",
        roles=[ROLE_SUPERADMIN],
        password_hash=await asyncio.to_thread(passwords.hash_password, password),
    )
    created = await repo.add_user(admin)
    if created:
        uow.audit(
            Actor.service("gateway"),
            "user.created",
            object_type="user",
            object_id=admin.id,
            org_ids=(org.id,),
            roles=admin.roles,
        )
    return created

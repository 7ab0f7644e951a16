"""Signing in (with the account lockout; a second factor's challenge) and the first
administrator."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from custody_contracts.principal import ROLE_SUPERADMIN
from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.identity_providers import IdentityProviders
from gateway.adapters.mfa import MfaRepository
from gateway.adapters.orm import MfaChallenge, User
from gateway.adapters.repository import IdentityRepository
from gateway.adapters.sessions import SignInFailures
from gateway.domain import mfa, passwords
from gateway.domain.oidc import PasswordSignInOff
from gateway.domain.policy import normalize_email
from gateway.domain.sessions import AuthPolicy, Outcome
from gateway.service_layer import sessions
from gateway.service_layer.identity import principal_of

BAD_CREDENTIALS = "incorrect email or password"
FIRST_ORG = "Custody"


async def login(
    uow: UnitOfWork,
    auth: AuthPolicy,
    *,
    email: str,
    password: str,
    source_address: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Tokens for valid credentials. Every failure is one message, so emails cannot be probed,
    and is counted: the entrypoint commits the count, then answers the refusal. A locked email
    is refused whatever the password, known or not."""
    now, email = now or datetime.now(UTC), normalize_email(email)
    failures = SignInFailures(uow.session, auth.lockout)
    await failures.sweep(now)
    if (locked_until := await failures.locked_until(email, now)) is not None:
        return Outcome(error=auth.lockout.locked(locked_until, now))
    user = await IdentityRepository(uow.session).user_by_email(email)
    if not await _password_matches(user, password) or user is None or not user.is_active:
        return await _failed(uow, failures, user, email, now, source_address)
    if await _password_sign_in_off(uow, user):
        await failures.clear(email)  # the password was right: not a guess
        audit_sign_in(
            uow, user, "user.login_refused", source_address, reason="password_sign_in_off"
        )
        return Outcome(error=PasswordSignInOff())
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await asyncio.to_thread(passwords.hash_password, password)
        uow.session.add(user)
    if await MfaRepository(uow.session).confirmed(user.id) is not None:
        # The failure count stays until the code is right too: a right password must not
        # wipe the count of wrong codes.
        audit_sign_in(uow, user, "user.login_mfa_challenged", source_address)
        return Outcome(error=await challenge(uow, user, now))
    await failures.clear(email)
    opened, tokens = await sessions.open_session(uow, auth, user, now)
    audit_sign_in(uow, user, "user.login", source_address, session_id=str(opened.id))
    return Outcome(tokens=tokens)


async def challenge(
    uow: UnitOfWork, user: User, now: datetime, oidc_issuer: str | None = None
) -> mfa.MfaRequired:
    """The refusal that asks for the second factor, with its single-use ``mfa_token``; the
    session it opens remembers the identity provider the first step went through."""
    repo = MfaRepository(uow.session)
    await repo.sweep_challenges(now)
    token = mfa.new_challenge_token()
    repo.add(
        MfaChallenge(
            token_sha256=mfa.digest(token),
            user_id=user.id,
            expires_at=now + mfa.CHALLENGE_LIFETIME,
            oidc_issuer=oidc_issuer,
        )
    )
    return mfa.MfaRequired(token)


async def _password_sign_in_off(uow: UnitOfWork, user: User) -> bool:
    """The organization signs in through its identity provider only (decision 0037); a
    superadmin keeps the password, so that someone can always mend a broken provider."""
    if ROLE_SUPERADMIN in user.roles:
        return False
    provider = await IdentityProviders(uow.session).of_org(user.org_id)
    return provider is not None and provider.enabled and not provider.password_sign_in


async def _failed(
    uow: UnitOfWork,
    failures: SignInFailures,
    user: User | None,
    email: str,
    now: datetime,
    source_address: str | None,
) -> Outcome:
    locks = await failures.record(email, now)
    if user is not None:  # an unknown email has no one to audit: its count is all that is kept
        audit_sign_in(uow, user, "user.login_failed", source_address, locked=locks)
    if locks:
        return Outcome(error=failures.lockout.locked(now + failures.lockout.duration, now))
    return Outcome(error=Unauthenticated(BAD_CREDENTIALS))


def audit_sign_in(
    uow: UnitOfWork, user: User, action: str, source: str | None, **details: Any
) -> None:
    uow.audit(
        Actor.of(principal_of(user), source),
        action,
        object_type="user",
        object_id=user.id,
        org_ids=(user.org_id,),
        **details,
    )


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

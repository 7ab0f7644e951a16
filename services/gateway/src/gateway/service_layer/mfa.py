"""A user's TOTP second factor: enrol in two steps (a secret, then a code that confirms it and
ten recovery codes), turn it off with a code, and an admin's reset. Every change is audited;
the secret is answered once, when enrolment starts, and never again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_contracts.principal import ROLE_SUPERADMIN, Principal
from custody_platform.errors import (
    Conflict,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
)
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.mfa import MfaRepository
from gateway.adapters.orm import Organization, TotpCredential, User, UserSession
from gateway.adapters.repository import IdentityRepository
from gateway.adapters.sessions import SessionRepository, SignInFailures
from gateway.domain import mfa, policy, totp
from gateway.domain.sessions import AuthPolicy
from gateway.domain.tokens import AccessClaims
from gateway.service_layer.user_audit import audit_user

ALREADY_ON = "two-factor authentication is on already: turn it off first"
NOT_ON = "two-factor authentication is not on"
NOT_STARTED = "start setting up two-factor authentication first"
REQUIRED = "your organization requires two-factor authentication: it cannot be turned off"


@dataclass(frozen=True)
class MfaStatus:
    totp_enabled: bool
    recovery_codes_left: int
    required_by_org: bool
    enrolment_required: bool  # this session may do nothing else until its user enrols


@dataclass(frozen=True)
class Enrolment:
    secret: str
    provisioning_uri: str


async def status(uow: UnitOfWork, claims: AccessClaims) -> MfaStatus:
    user, org = await _user_and_org(uow, claims.principal.user_id)
    found = await MfaRepository(uow.session).confirmed(user.id)
    session = await uow.session.get(UserSession, claims.session_id)
    verified = session is not None and session.mfa_verified
    return MfaStatus(
        totp_enabled=found is not None,
        recovery_codes_left=len(found.recovery_sha256) if found else 0,
        required_by_org=org.mfa_required,
        enrolment_required=org.mfa_required and not verified,
    )


async def start_enrolment(
    uow: UnitOfWork, principal: Principal, source: str | None, now: datetime | None = None
) -> Enrolment:
    """A new secret, pending until confirmed; starting again replaces a pending one."""
    user, _ = await _user_and_org(uow, principal.user_id)
    repo = MfaRepository(uow.session)
    found = await repo.credential(user.id, for_update=True)
    if found is not None and found.confirmed_at is not None:
        raise Conflict(ALREADY_ON, current_state="enabled")
    secret = totp.new_secret()
    created = now or datetime.now(UTC)
    if found is not None:
        await repo.remove(found)
        await uow.session.flush()
    repo.add(TotpCredential(user_id=user.id, secret=secret, created_at=created))
    audit_user(uow, principal, source, "user.mfa_enrolment_started", user)
    return Enrolment(secret, totp.provisioning_uri(secret, user.email))


async def confirm_enrolment(
    uow: UnitOfWork, claims: AccessClaims, code: str, source: str | None
) -> list[str]:
    """A current code turns the pending secret on; the answer is ten recovery codes, shown
    this once. The session it happens in counts as signed in with the second factor."""
    principal, now = claims.principal, datetime.now(UTC)
    found = await MfaRepository(uow.session).credential(principal.user_id, for_update=True)
    if found is None or found.confirmed_at is not None:
        raise Conflict(ALREADY_ON if found else NOT_STARTED, current_state="not_pending")
    step = totp.matching_step(found.secret, code, now, None)
    if step is None:
        raise InvalidArgument(mfa.WRONG_CODE)
    codes = totp.new_recovery_codes()
    found.confirmed_at, found.last_used_step = now, step
    found.recovery_sha256 = [totp.recovery_digest(c) for c in codes]
    uow.session.add(found)
    if (session := await uow.session.get(UserSession, claims.session_id)) is not None:
        session.mfa_verified = True
        uow.session.add(session)
    user, _ = await _user_and_org(uow, principal.user_id)
    audit_user(uow, principal, source, "user.mfa_enabled", user)
    return codes


async def turn_off(
    uow: UnitOfWork,
    auth: AuthPolicy,
    principal: Principal,
    proof: tuple[str, str],
    source: str | None,
) -> DomainError | None:
    """Off with a current code or a recovery code, unless the organization requires it. A
    wrong one counts toward the sign-in lockout: the entrypoint commits, then answers it."""
    user, org = await _user_and_org(uow, principal.user_id)
    found = await MfaRepository(uow.session).confirmed(user.id, for_update=True)
    if found is None:
        raise Conflict(NOT_ON, current_state="disabled")
    if org.mfa_required:
        raise FailedPrecondition(REQUIRED)
    now, failures = datetime.now(UTC), SignInFailures(uow.session, auth.lockout)
    if (until := await failures.locked_until(user.email, now)) is not None:
        return auth.lockout.locked(until, now)
    if (method := second_factor(found, proof, now)) is None:
        await failures.record(user.email, now)
        audit_user(uow, principal, source, "user.mfa_check_failed", user)
        return InvalidArgument(mfa.WRONG_RECOVERY_CODE if proof[1] else mfa.WRONG_CODE)
    await MfaRepository(uow.session).remove(found)
    audit_user(uow, principal, source, "user.mfa_disabled", user, method=method)
    return None


async def reset(
    uow: UnitOfWork, principal: Principal, user_id: uuid.UUID, source: str | None
) -> None:
    """An org admin (or a superadmin) removes a user's second factor: a lost phone. The user
    enrols again; in an organization that requires it, before doing anything else. Every
    session of theirs ends: one opened with the lost phone must not outlive it."""
    user = await IdentityRepository(uow.session).user(user_id)
    if user is None or not (principal.has_role(ROLE_SUPERADMIN) or principal.org_id == user.org_id):
        raise NotFound("user not found")
    policy.ensure_can_manage_users(principal, user.org_id)
    repo = MfaRepository(uow.session)
    if (found := await repo.credential(user.id, for_update=True)) is not None:
        await repo.remove(found)
    now = datetime.now(UTC)
    ended = await SessionRepository(uow.session).revoke_all(user.id, now, "mfa_reset")
    audit_user(
        uow,
        principal,
        source,
        "user.mfa_reset",
        user,
        had_totp=found is not None,
        sessions_revoked=ended,
    )


def second_factor(found: TotpCredential, proof: tuple[str, str], now: datetime) -> str | None:
    """Spends a code (its step) or a recovery code; which one, or None if neither is right."""
    code, recovery_code = proof
    if code:
        step = totp.matching_step(found.secret, code, now, found.last_used_step)
        if step is None:
            return None
        found.last_used_step = step
        return "totp"
    left = totp.without_recovery_code(found.recovery_sha256, recovery_code)
    if left is None:
        return None
    found.recovery_sha256 = left
    return "recovery_code"


async def _user_and_org(uow: UnitOfWork, user_id: uuid.UUID) -> tuple[User, Organization]:
    repo = IdentityRepository(uow.session)
    user = await repo.user(user_id)
    org = await repo.org(user.org_id) if user else None
    if user is None or org is None:
        raise NotFound("user not found")
    return user, org

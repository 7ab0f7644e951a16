"""The second step of signing in: the ``mfa_token`` a right password earned, with a code or a
recovery code, for tokens. Wrong codes count toward the same lockout as wrong passwords, so a
stolen password buys no more guesses at the code than at the password."""

from __future__ import annotations

from datetime import UTC, datetime

from custody_platform.errors import InvalidArgument, Unauthenticated
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.mfa import MfaRepository
from gateway.adapters.repository import IdentityRepository
from gateway.adapters.sessions import SignInFailures
from gateway.domain import mfa
from gateway.domain.sessions import AuthPolicy, Outcome
from gateway.service_layer import sessions
from gateway.service_layer.auth import audit_sign_in
from gateway.service_layer.mfa import second_factor


async def complete(
    uow: UnitOfWork,
    auth: AuthPolicy,
    mfa_token: str,
    proof: tuple[str, str],
    source_address: str | None = None,
) -> Outcome:
    """Tokens for a pending sign-in's right code (or unused recovery code); the challenge is
    then spent. A wrong one leaves it for another try until the lockout or its expiry."""
    now, repo = datetime.now(UTC), MfaRepository(uow.session)
    pending = await repo.challenge(mfa.digest(mfa_token))
    user = await IdentityRepository(uow.session).user(pending.user_id) if pending else None
    if pending is None or user is None or pending.expires_at <= now or not user.is_active:
        return Outcome(error=Unauthenticated(mfa.EXPIRED_CHALLENGE))
    failures = SignInFailures(uow.session, auth.lockout)
    if (locked_until := await failures.locked_until(user.email, now)) is not None:
        await repo.remove(pending)
        return Outcome(error=auth.lockout.locked(locked_until, now))
    found = await repo.confirmed(user.id, for_update=True)
    method = second_factor(found, proof, now) if found else None
    if method is None:
        locks = await failures.record(user.email, now)
        audit_sign_in(uow, user, "user.login_failed", source_address, factor="totp", locked=locks)
        if locks:
            await repo.remove(pending)
            return Outcome(error=auth.lockout.locked(now + auth.lockout.duration, now))
        return Outcome(error=InvalidArgument(_wrong(proof)))
    await repo.remove(pending)
    await failures.clear(user.email)
    opened, tokens = await sessions.open_session(
        uow, auth, user, now, mfa_verified=True, oidc_issuer=pending.oidc_issuer
    )
    audit_sign_in(uow, user, "user.login", source_address, session_id=str(opened.id), mfa=method)
    return Outcome(tokens=tokens)


def _wrong(proof: tuple[str, str]) -> str:
    return mfa.WRONG_RECOVERY_CODE if proof[1] and not proof[0] else mfa.WRONG_CODE

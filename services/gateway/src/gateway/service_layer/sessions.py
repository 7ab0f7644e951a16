"""Sessions: open one at sign-in, check it on every request, refresh, log out. Refresh tokens
rotate on every use; a token used twice ends its session. (A user's deactivation revokes all
of theirs: `identity.deactivate_user`.)"""

from __future__ import annotations

from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.orm import User, UserSession
from gateway.adapters.sessions import SessionRepository
from gateway.domain import mfa, people, sessions
from gateway.domain.sessions import AuthPolicy, IssuedTokens, Outcome
from gateway.domain.tokens import AccessClaims
from gateway.service_layer.identity import principal_of

INVALID_TOKEN = "invalid or expired token"
INVALID_REFRESH = "invalid or expired refresh token"
REUSED = "refresh_token_reused"


async def open_session(
    uow: UnitOfWork,
    auth: AuthPolicy,
    user: User,
    now: datetime,
    *,
    mfa_verified: bool = False,
    oidc_issuer: str | None = None,
) -> tuple[UserSession, IssuedTokens]:
    """A new session for a user who just proved who they are (``mfa_verified``: with a second
    factor too; ``oidc_issuer``: through that identity provider), and its first tokens."""
    repo = SessionRepository(uow.session)
    await repo.sweep(now)
    opened = UserSession(
        user_id=user.id,
        refresh_sha256="",
        created_at=now,
        last_seen_at=now,
        expires_at=now + auth.sessions.max_age,
        mfa_verified=mfa_verified,
        oidc_issuer=oidc_issuer,
    )
    tokens = _rotate(auth, opened, principal_of(user), now)
    repo.add(opened)
    return opened, tokens


async def authenticate(
    uow: UnitOfWork,
    auth: AuthPolicy,
    claims: AccessClaims,
    *,
    operation: str,
    now: datetime | None = None,
) -> Principal:
    """The token's user with their current roles, while the token's session is alive and may
    call ``operation`` (an organization that requires a second factor lets a session without
    one only enrol; a user whose password an admin reset may only change it); records the
    session's use (at most once a minute)."""
    now = now or datetime.now(UTC)
    found = await SessionRepository(uow.session).for_request(claims.session_id)
    if found is None:
        raise Unauthenticated(INVALID_TOKEN)
    user_session, user, org_requires_mfa = found
    if user_session.user_id != claims.principal.user_id or not user.is_active:
        raise Unauthenticated(INVALID_TOKEN)
    if refusal := _refusal(auth, user_session, now):
        raise Unauthenticated(refusal)
    verified = user_session.mfa_verified
    if user.password_change_required:  # a reset password: changing it comes before all else
        if not people.may_call(operation, password_change_required=True):
            raise people.PasswordChangeRequired
    elif not mfa.may_call(operation, org_requires=org_requires_mfa, session_verified=verified):
        raise mfa.MfaEnrolmentRequired
    if auth.sessions.needs_touch(user_session.last_seen_at, now):
        user_session.last_seen_at = now
        uow.session.add(user_session)
    return principal_of(user)


async def refresh(
    uow: UnitOfWork,
    auth: AuthPolicy,
    refresh_token: str,
    source_address: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """New tokens for a live session's current refresh token. A token that is no longer the
    current one was used before: the session is revoked (the entrypoint commits that)."""
    now = now or datetime.now(UTC)
    session_id = sessions.session_of(refresh_token)
    found = None
    if session_id is not None:
        found = await SessionRepository(uow.session).with_user(session_id, for_update=True)
    if found is None:
        return Outcome(error=Unauthenticated(INVALID_REFRESH))
    user_session, user = found
    current = sessions.matches(refresh_token, user_session.refresh_sha256)
    if not current and user_session.revoked_at is None:
        _revoke(uow, user_session, user, now, REUSED, source_address)
    refusal = _refusal(auth, user_session, now)
    if not current or not user.is_active or refusal:
        return Outcome(error=Unauthenticated(refusal or INVALID_REFRESH))
    tokens = _rotate(auth, user_session, principal_of(user), now)
    uow.session.add(user_session)
    return Outcome(tokens=tokens)


async def logout(
    uow: UnitOfWork, claims: AccessClaims, source_address: str | None = None
) -> tuple[UserSession, User] | None:
    """End the session the caller's access token belongs to: its tokens stop working at once.
    The session it ended and its user; None when it had already ended."""
    found = await SessionRepository(uow.session).with_user(claims.session_id, for_update=True)
    if found is None or found[0].revoked_at is not None:
        return None
    user_session, user = found
    _revoke(uow, user_session, user, datetime.now(UTC), "logout", source_address)
    return user_session, user


def _refusal(auth: AuthPolicy, user_session: UserSession, now: datetime) -> str | None:
    return auth.sessions.refusal(
        revoked=user_session.revoked_at is not None,
        last_seen_at=user_session.last_seen_at,
        expires_at=user_session.expires_at,
        now=now,
    )


def _rotate(
    auth: AuthPolicy, user_session: UserSession, principal: Principal, now: datetime
) -> IssuedTokens:
    """A new refresh token replaces the session's current one; a new access token names it."""
    refresh_token = sessions.new_refresh_token(user_session.id)
    user_session.refresh_sha256 = sessions.digest(refresh_token)
    user_session.last_seen_at = now
    access = auth.signer.issue(principal, user_session.id, now)
    return IssuedTokens(access.access_token, access.expires_in, refresh_token)


def _revoke(
    uow: UnitOfWork,
    user_session: UserSession,
    user: User,
    now: datetime,
    reason: str,
    source_address: str | None = None,
) -> None:
    user_session.revoked_at, user_session.revoked_reason = now, reason
    uow.session.add(user_session)
    uow.audit(
        Actor.of(principal_of(user), source_address),
        "user.logout" if reason == "logout" else "session.revoked",
        object_type="user",
        object_id=user.id,
        org_ids=(user.org_id,),
        session_id=str(user_session.id),
        reason=reason,
    )

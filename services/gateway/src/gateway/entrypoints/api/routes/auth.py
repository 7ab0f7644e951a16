"""Sign in (OAuth2 password flow), refresh and log out. Sign-in attempts are limited per source
address in Postgres (every replica counts together); a refused attempt still commits what it
recorded (the failure count, a reused token's revocation) before the error is answered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from custody_platform.errors import FailedPrecondition
from custody_platform.problems import problem_responses
from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from gateway.domain.oidc import SIGNED_OUT_PATH
from gateway.domain.sessions import IssuedTokens
from gateway.domain.sign_in import TOO_MANY, TooManyAttempts, check_credentials_text
from gateway.entrypoints.api.deps import (
    CurrentSession,
    GatewayState,
    SourceAddress,
    StateDep,
    UowDep,
)
from gateway.entrypoints.api.routes.identity_provider import redirect_uri
from gateway.entrypoints.api.schemas.auth import LoggedOut, RefreshRequest, Token
from gateway.entrypoints.api.schemas.identity_provider import (
    OidcAuthorization,
    OidcCallback,
    OidcStart,
)
from gateway.entrypoints.api.schemas.mfa import MfaSignIn
from gateway.service_layer import auth, mfa_sign_in, oidc_sign_in, oidc_sign_out, sessions

router = APIRouter(prefix="/auth", tags=["auth"])
_REFUSALS: dict[int | str, dict[str, Any]] = {401: {"description": "refused (a problem)"}}
_UNUSABLE: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "a username or password no account can have (control characters, too long)"
    }
}
_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"description": "too many attempts (address or account): see Retry-After"}
}


@router.post("/token", responses={**_UNUSABLE, **_REFUSALS, **_LIMITED, **problem_responses(403)})
async def login_for_access_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> Token:
    """OAuth2 password flow: ``username`` is the email. Five failures in a row lock the
    account for a while (429, ``account_locked``), whatever the password then. A user with a
    second factor gets 401 ``mfa_required`` with an ``mfa_token`` for ``/auth/token/mfa``. The
    right password of a member of an organization that signs in only through its identity
    provider is 403 ``password_sign_in_disabled``."""
    await _within_sign_in_limit(state, source)
    check_credentials_text(form.username, form.password)
    outcome = await auth.login(
        uow, state.auth, email=form.username, password=form.password, source_address=source
    )
    await uow.commit()  # a failed attempt counts although the sign-in fails
    return _token(outcome.unwrap())


@router.post(
    "/token/mfa", responses={400: {"description": "the code is not right"}} | _REFUSALS | _LIMITED
)
async def sign_in_with_second_factor(
    body: MfaSignIn, uow: UowDep, state: StateDep, source: SourceAddress
) -> Token:
    """The second step for a user with TOTP: the ``mfa_token`` of ``/auth/token``'s 401
    ``mfa_required`` answer, with a current code or a recovery code. A wrong code (400) counts
    toward the lockout like a wrong password; the token is good once, for 5 minutes (401)."""
    await _within_sign_in_limit(state, source)
    outcome = await mfa_sign_in.complete(uow, state.auth, body.mfa_token, body.proof(), source)
    await uow.commit()  # a wrong code counts although the sign-in fails
    return _token(outcome.unwrap())


@router.post("/oidc/start", responses=problem_responses(404, 409) | _LIMITED)
async def start_oidc_sign_in(
    body: OidcStart, uow: UowDep, state: StateDep, source: SourceAddress
) -> OidcAuthorization:
    """Sign in with your organization's own identity provider: the provider that signs in the
    email's domain, and the authorization URL (code flow, PKCE, state and nonce) to send the
    browser to. Its callback brings ``code`` and ``state`` to ``/auth/oidc/callback``."""
    await _within_sign_in_limit(state, source)
    if not state.links.web_url:
        raise FailedPrecondition("this deployment has no web app address (WEB_PUBLIC_URL)")
    url, flow_state = await oidc_sign_in.start(
        uow, state.oidc, body.email, redirect_uri(state.links), datetime.now(UTC)
    )
    await uow.commit()
    return OidcAuthorization(authorization_url=url, state=flow_state)


@router.post("/oidc/callback", responses=problem_responses(403, 409) | _REFUSALS | _LIMITED)
async def finish_oidc_sign_in(
    body: OidcCallback, uow: UowDep, state: StateDep, source: SourceAddress
) -> Token:
    """The provider's answer: the gateway exchanges the code itself (with the client secret
    and the PKCE verifier), validates the ID token against the provider's keys (signature,
    issuer, audience, expiry, nonce), and opens a session for the account, created on the
    first sign-in with the roles the organization maps from the claim. A state is good once.
    403 ``no_mapped_role`` when the claim maps to no role; 401 ``mfa_required`` as after a
    password when the provider did not use a second factor and the user has TOTP."""
    await _within_sign_in_limit(state, source)
    outcome = await oidc_sign_in.finish(
        uow, state.auth, state.oidc, (body.state, body.code), source
    )
    await uow.commit()  # the spent state and the audit record stay
    return _token(outcome.unwrap())


@router.post("/refresh", responses=_REFUSALS)
async def refresh_tokens(
    body: RefreshRequest, uow: UowDep, state: StateDep, source: SourceAddress
) -> Token:
    """New tokens for the current refresh token, which is then spent. Presenting a spent one
    ends the session (it was stolen or replayed)."""
    outcome = await sessions.refresh(uow, state.auth, body.refresh_token, source)
    await uow.commit()  # a reused token's revocation sticks
    return _token(outcome.unwrap())


@router.post("/logout", responses=_REFUSALS)
async def logout(
    who: CurrentSession, uow: UowDep, state: StateDep, source: SourceAddress
) -> LoggedOut:
    """End this session: its access and refresh tokens stop working at once. A session opened
    through the organization's identity provider answers where to end it there too
    (``end_session_url``), when the provider has an end-session endpoint."""
    ended = await sessions.logout(uow, who, source)
    await uow.commit()  # ended whatever the provider then answers
    if ended is None or not state.links.web_url:
        return LoggedOut()
    back = f"{state.links.web_url.rstrip('/')}{SIGNED_OUT_PATH}"
    return LoggedOut(
        end_session_url=await oidc_sign_out.end_session_url(uow, state.oidc, ended, back)
    )


async def _within_sign_in_limit(state: GatewayState, source: str | None) -> None:
    verdict = await state.sign_in_limiter.hit(f"sign-in:{source or '-'}")
    if not verdict.allowed:
        raise TooManyAttempts(TOO_MANY, verdict.retry_after)


def _token(tokens: IssuedTokens) -> Token:
    return Token(
        access_token=tokens.access_token,
        expires_in=tokens.expires_in,
        refresh_token=tokens.refresh_token,
    )

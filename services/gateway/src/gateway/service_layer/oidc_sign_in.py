"""Signing in through an organization's OpenID Connect provider (decision 0037).

`start` finds the provider of the email's domain, keeps a one-time ``state``, ``nonce`` and
PKCE verifier, and answers the provider's authorization URL; the web app sends the browser
there. `finish` takes the provider's ``code`` back with its ``state``: the gateway itself makes
the token request (it alone holds the client secret), validates the ID token against the
provider's JWKS, finds or creates the account, maps its roles from the claim and opens a
session. Every sign-in and refusal is audited.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any

from custody_contracts.principal import ROLE_SUPERADMIN
from custody_platform.errors import DomainError, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.identity_providers import IdentityProviders
from gateway.adapters.mfa import MfaRepository
from gateway.adapters.oidc_provider import OidcProviders, validated_claims
from gateway.adapters.orm import IdentityProvider, OidcFlow, User
from gateway.adapters.repository import IdentityRepository
from gateway.domain import oidc, passwords
from gateway.domain.oidc import FlowSecrets, NoMappedRole, Person, ProviderRefused
from gateway.domain.sessions import AuthPolicy, Outcome
from gateway.service_layer import sessions
from gateway.service_layer.auth import audit_sign_in, challenge

NO_PROVIDER = "no organization signs in with its own identity provider for that email address"
EXPIRED = "this sign-in took too long or was already used: sign in again"
OTHER_ORG = "that email address belongs to an account of another organization"
INACTIVE = "this account is deactivated"


async def start(
    uow: UnitOfWork, providers: OidcProviders, email: str, redirect_uri: str, now: datetime
) -> tuple[str, str]:
    """The provider's authorization URL and the ``state`` the callback must bring back."""
    repo = IdentityProviders(uow.session)
    provider = await repo.for_domain(oidc.email_domain(email))
    if provider is None:
        raise NotFound(NO_PROVIDER)
    found = await providers.discover(provider.issuer)
    flow = FlowSecrets.new()
    await repo.sweep_flows(now)
    repo.add(
        OidcFlow(
            state_sha256=oidc.digest(flow.state),
            org_id=provider.org_id,
            nonce=flow.nonce,
            code_verifier=flow.code_verifier,
            redirect_uri=redirect_uri,
            expires_at=now + oidc.FLOW_LIFETIME,
        )
    )
    url = oidc.authorization_url(
        found.authorization_endpoint, provider.client_id, redirect_uri, provider.scopes, flow
    )
    return url, flow.state


async def finish(
    uow: UnitOfWork,
    auth: AuthPolicy,
    providers: OidcProviders,
    answer: tuple[str, str],
    source: str | None = None,
) -> Outcome:
    """Tokens for the provider's (state, code), or the refusal, audited either way: the
    entrypoint commits, then unwraps."""
    now = datetime.now(UTC)
    repo = IdentityProviders(uow.session)
    flow = await repo.take_flow(oidc.digest(answer[0]))
    if flow is None or flow.expires_at < now:
        return Outcome(error=ProviderRefused(EXPIRED))
    provider = await repo.of_org(flow.org_id)
    if provider is None or not provider.enabled:
        return Outcome(error=ProviderRefused(NO_PROVIDER))
    try:
        claims = await _verified_claims(providers, provider, flow, answer[1])
        user = await _account(uow, provider, claims, source)
    except DomainError as refused:
        _audit_refusal(uow, provider, source, refused)
        return Outcome(error=refused)
    return await _signed_in(uow, auth, user, claims, source, now)


async def _verified_claims(
    providers: OidcProviders, provider: IdentityProvider, flow: OidcFlow, code: str
) -> dict[str, Any]:
    found = await providers.discover(provider.issuer)
    grant = {"code": code, "redirect_uri": flow.redirect_uri, "code_verifier": flow.code_verifier}
    client = (provider.client_id, provider.client_secret)
    id_token = await providers.exchange(found, client, grant)
    keys = await providers.keys(found)
    return validated_claims(
        id_token, keys, issuer=found.issuer, client_id=provider.client_id, nonce=flow.nonce
    )


async def _account(
    uow: UnitOfWork, provider: IdentityProvider, claims: dict[str, Any], source: str | None
) -> User:
    """The account the provider's subject signed in to before, else the organization's account
    of that email (now linked), else a new one. Roles come from the claim every time."""
    person = oidc.person_of(claims)
    roles = oidc.roles_for(claims, provider.role_claim, provider.role_mapping)
    if not roles:
        raise NoMappedRole
    issuer = str(claims["iss"])
    user = await IdentityProviders(uow.session).user_by_subject(issuer, person.subject)
    user = user or await IdentityRepository(uow.session).user_by_email(person.email)
    if user is None:
        return await _created(uow, provider, person, issuer, roles, source)
    if user.org_id != provider.org_id:
        raise ProviderRefused(OTHER_ORG)
    if not user.is_active:
        raise ProviderRefused(INACTIVE)
    if user.oidc_subject is None:
        user.oidc_issuer, user.oidc_subject = issuer, person.subject
        audit_sign_in(uow, user, "user.identity_linked", source, issuer=issuer)
    if ROLE_SUPERADMIN not in user.roles and sorted(user.roles) != roles:
        audit_sign_in(uow, user, "user.roles_changed", source, roles=roles, by="oidc")
        user.roles = roles
    uow.session.add(user)
    return user


async def _created(
    uow: UnitOfWork,
    provider: IdentityProvider,
    person: Person,
    issuer: str,
    roles: list[str],
    source: str | None,
) -> User:
    """A new account: no password anyone knows (a hash of random bytes)."""
    unusable = await asyncio.to_thread(passwords.hash_password, secrets.token_urlsafe(32))
    user = User(
        org_id=provider.org_id,
        email=person.email,
        display_name=person.name,
        roles=roles,
        password_hash=unusable,
        oidc_issuer=issuer,
        oidc_subject=person.subject,
    )
    if not await IdentityRepository(uow.session).add_user(user):
        raise ProviderRefused(OTHER_ORG)  # the email was taken meanwhile
    audit_sign_in(uow, user, "user.created", source, roles=roles, by="oidc")
    return user


async def _signed_in(
    uow: UnitOfWork,
    auth: AuthPolicy,
    user: User,
    claims: dict[str, Any],
    source: str | None,
    now: datetime,
) -> Outcome:
    """The provider's multi-factor sign-in counts as the second factor; without it, a user
    with TOTP is asked for the code as after a password."""
    verified, issuer = oidc.multi_factor(claims), str(claims["iss"])
    if not verified and await MfaRepository(uow.session).confirmed(user.id) is not None:
        audit_sign_in(uow, user, "user.login_mfa_challenged", source, method="oidc")
        return Outcome(error=await challenge(uow, user, now, issuer))
    opened, tokens = await sessions.open_session(
        uow, auth, user, now, mfa_verified=verified, oidc_issuer=issuer
    )
    audit_sign_in(uow, user, "user.login", source, session_id=str(opened.id), method="oidc",
                  mfa="identity_provider" if verified else None)  # fmt: skip
    return Outcome(tokens=tokens)


def _audit_refusal(
    uow: UnitOfWork, provider: IdentityProvider, source: str | None, refused: DomainError
) -> None:
    uow.audit(
        Actor.service("gateway"),
        "org.identity_provider_sign_in_refused",
        object_type="organization",
        object_id=provider.org_id,
        org_ids=(provider.org_id,),
        reason=refused.message,
        source_address=source,
    )

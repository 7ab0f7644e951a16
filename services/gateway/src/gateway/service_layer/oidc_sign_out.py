"""Signing out at the identity provider too (OpenID Connect RP-Initiated Logout 1.0, decision
0047): a session opened through the organization's provider ends there as well, when the
provider's discovery document names an ``end_session_endpoint``. That address passes the same
checks as the provider's other endpoints (https, a public address) before any browser is sent
to it. Custody's own session has already ended: a provider that cannot be reached, or that
names no such endpoint or a refused one, leaves the sign-out as it is, without the provider.
"""

from __future__ import annotations

from custody_platform.addresses import checked
from custody_platform.errors import DomainError
from custody_platform.logging import get_logger
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.identity_providers import IdentityProviders
from gateway.adapters.oidc_provider import OidcProviders
from gateway.adapters.orm import User, UserSession
from gateway.domain import oidc

log = get_logger()


async def end_session_url(
    uow: UnitOfWork,
    providers: OidcProviders,
    ended: tuple[UserSession, User],
    post_logout_redirect_uri: str,
) -> str | None:
    """Where to send the browser to end the person's session at their provider, or None."""
    user_session, user = ended
    if user_session.oidc_issuer is None:
        return None
    provider = await IdentityProviders(uow.session).of_org(user.org_id)
    if provider is None or provider.issuer.rstrip("/") != user_session.oidc_issuer.rstrip("/"):
        return None  # the organization has changed providers since
    try:
        found = await providers.discover(provider.issuer)
        if found.end_session_endpoint is None:
            return None
        await checked(found.end_session_endpoint, providers.reach)
    except DomainError as failed:
        log.warning("oidc.end_session_skipped", issuer=provider.issuer, reason=failed.message)
        return None
    return oidc.end_session_url(
        found.end_session_endpoint, provider.client_id, post_logout_redirect_uri
    )

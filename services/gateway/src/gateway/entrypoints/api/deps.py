"""Dependencies of the routes, as Annotated aliases: the state bootstrap wired, a unit of
work, the gRPC stubs, and the authenticated principal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated

import httpx
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.addresses import Reach
from custody_platform.errors import Unauthenticated
from custody_platform.ratelimit import RateLimiter
from custody_platform.unit_of_work import UnitOfWork
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from gateway.adapters.api_keys import ApiKeyLimits
from gateway.adapters.clients import Upstream
from gateway.adapters.oidc_provider import OidcProviders
from gateway.domain import acting, api_keys, policy
from gateway.domain.links import PublicLinks
from gateway.domain.sessions import AuthPolicy
from gateway.domain.tokens import AccessClaims
from gateway.entrypoints.api.limits import Lifetimes
from gateway.service_layer import acting as acting_for_org
from gateway.service_layer import api_keys as keys
from gateway.service_layer import sessions

TOKEN_URL = "/api/v1/auth/token"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)
# The same Authorization header: a credential starting ``cak_`` is an API key (decision 0043).
api_key_scheme = HTTPBearer(
    scheme_name="ApiKey",
    bearerFormat="cak_…",
    description="A service account's API key, sent as `Authorization: Bearer cak_…`; it may "
    "call only the operations it is scoped to.",
    auto_error=False,
)


@dataclass(frozen=True)
class GatewayState:
    """Built once by bootstrap and kept on ``app.state.gateway``."""

    uow_factory: Callable[[], UnitOfWork]
    auth: AuthPolicy
    sign_in_limiter: RateLimiter  # attempts per source address, shared by every replica
    api_key_limits: ApiKeyLimits  # each API key's requests per minute, likewise
    upstream: Upstream
    links: PublicLinks = field(default_factory=PublicLinks)
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    # Organizations' identity providers (decision 0037), reached only at checked addresses.
    oidc: OidcProviders = field(
        default_factory=lambda: OidcProviders(httpx.AsyncClient(trust_env=False), Reach())
    )


def get_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


StateDep = Annotated[GatewayState, Depends(get_state)]


async def get_uow(state: StateDep) -> AsyncIterator[UnitOfWork]:
    """The request's unit of work; a route that changes state commits it."""
    async with state.uow_factory() as uow:
        yield uow


def get_upstream(state: StateDep) -> Upstream:
    return state.upstream


def get_source_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def get_user_session(
    request: Request, state: StateDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> AccessClaims | None:
    """The token's user and session; None for an API key. The session (revoked, idle, expired)
    and the user (active, roles) are re-read on every request, so logout and deactivation take
    effect at once, and so is the organization's requirement of a second factor (by
    operation: the route's name). The principal stays on the request's state, where a
    refusal's audit finds its actor."""
    if not token:
        raise Unauthenticated("not authenticated")
    if api_keys.is_api_key(token):
        return None
    claimed = state.auth.signer.read(token)
    async with state.uow_factory() as uow:  # short: released before any streaming starts
        principal = await sessions.authenticate(
            uow, state.auth, claimed, operation=_operation(request)
        )
        await uow.commit()  # the session's last use
    request.state.principal = principal
    return AccessClaims(principal, claimed.session_id)


async def get_current_session(
    session: Annotated[AccessClaims | None, Depends(get_user_session)],
) -> AccessClaims:
    """A signed-in user's session: the operations of a person (logout, MFA) refuse API keys."""
    if session is None:
        raise Unauthenticated("this operation needs a signed-in user, not an API key")
    return session


CurrentSession = Annotated[AccessClaims, Depends(get_current_session)]


async def get_current_principal(
    request: Request,
    state: StateDep,
    session: Annotated[AccessClaims | None, Depends(get_user_session)],
    key: Annotated[HTTPAuthorizationCredentials | None, Depends(api_key_scheme)],
) -> Principal:
    """The signed-in user, or the service account of the API key the request carries; a
    superadmin that names an organization in ``Custody-Acting-For`` acts as its administrator
    (decision 0048)."""
    acting_for = request.headers.get(acting.HEADER)
    if session is not None:
        if acting_for is None:
            return session.principal
        return await _acting(request, state, session.principal, acting_for)
    if key is None:
        raise Unauthenticated("not authenticated")
    if acting_for is not None:  # before the key is used: a refused request records no use
        await _acting(request, state, None, acting_for)
    use = _use(request)
    async with state.uow_factory() as uow:
        access = await keys.authenticate(uow, state.api_key_limits, key.credentials, use)
        await uow.commit()  # the use is recorded, refused or not
    request.state.principal = access.principal
    if access.refusal is not None:
        raise access.refusal
    return access.principal


async def _acting(
    request: Request, state: GatewayState, operator: Principal | None, acting_for: str
) -> Principal:
    org_id = acting.parse_org_id(acting_for)
    async with state.uow_factory() as uow:
        principal = await acting_for_org.act_for(uow, operator, org_id, _use(request))
        await uow.commit()  # the request is recorded as the operator's acting
    request.state.principal = principal
    return principal


def _use(request: Request) -> keys.KeyUse:
    return keys.KeyUse(
        _operation(request), request.method, request.url.path, get_source_address(request)
    )


def _operation(request: Request) -> str:
    return getattr(request.scope.get("route"), "name", "")


def get_links(state: StateDep) -> PublicLinks:
    return state.links


def get_lifetimes(state: StateDep) -> Lifetimes:
    return state.lifetimes


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
LinksDep = Annotated[PublicLinks, Depends(get_links)]
LifetimesDep = Annotated[Lifetimes, Depends(get_lifetimes)]
UpstreamDep = Annotated[Upstream, Depends(get_upstream)]
SourceAddress = Annotated[str | None, Depends(get_source_address)]
CurrentPrincipal = Annotated[Principal, Depends(get_current_principal)]


def require_role(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: CurrentPrincipal) -> Principal:
        policy.ensure_has_role(principal, *roles)
        return principal

    return check


OrgAdmin = Annotated[Principal, Depends(require_role(ROLE_ORG_ADMIN))]

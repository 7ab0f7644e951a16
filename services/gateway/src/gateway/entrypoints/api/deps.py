"""Dependencies of the routes, as Annotated aliases: the state bootstrap wired, a unit of
work, the gRPC stubs, and the authenticated principal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated

from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import UnitOfWork
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from gateway.adapters.clients import Upstream
from gateway.domain import policy
from gateway.domain.links import PublicLinks
from gateway.domain.tokens import TokenSigner
from gateway.service_layer import identity

TOKEN_URL = "/api/v1/auth/token"
oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


@dataclass(frozen=True)
class GatewayState:
    """Built once by bootstrap and kept on ``app.state.gateway``."""

    uow_factory: Callable[[], UnitOfWork]
    signer: TokenSigner
    upstream: Upstream
    links: PublicLinks = field(default_factory=PublicLinks)


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


async def get_current_principal(
    state: StateDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    """The token's user, re-read on every request so deactivation takes effect at once."""
    if not token:
        raise Unauthenticated("not authenticated")
    claimed = state.signer.read(token)
    async with state.uow_factory() as uow:  # short: released before any streaming starts
        return await identity.active_principal(uow, claimed.user_id)


def get_links(state: StateDep) -> PublicLinks:
    return state.links


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
LinksDep = Annotated[PublicLinks, Depends(get_links)]
UpstreamDep = Annotated[Upstream, Depends(get_upstream)]
SourceAddress = Annotated[str | None, Depends(get_source_address)]
CurrentPrincipal = Annotated[Principal, Depends(get_current_principal)]


def require_role(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: CurrentPrincipal) -> Principal:
        policy.ensure_has_role(principal, *roles)
        return principal

    return check


OrgAdmin = Annotated[Principal, Depends(require_role(ROLE_ORG_ADMIN))]

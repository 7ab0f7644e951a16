"""An organization's OpenID Connect provider settings (decision 0037): its org admins (or a
superadmin) read, replace and test them; another organization's are 404."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from gateway.adapters.oidc_provider import Discovery
from gateway.adapters.orm import IdentityProvider
from gateway.domain.links import PublicLinks
from gateway.domain.oidc import CALLBACK_PATH, SIGNED_OUT_PATH
from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, StateDep, UowDep
from gateway.entrypoints.api.responses import CHANGE, GUARDED, UPSTREAM
from gateway.entrypoints.api.schemas.identity_provider import (
    ConnectionTest,
    IdentityProviderPublic,
    IdentityProviderSettings,
)
from gateway.service_layer import identity_providers
from gateway.service_layer.identity_providers import ProviderChange

router = APIRouter(prefix="/orgs", tags=["identity"])


@router.get("/{org_id}/identity-provider", responses=GUARDED)
async def read_identity_provider(
    org_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep, state: StateDep
) -> IdentityProviderPublic:
    """The organization's OpenID Connect provider settings, without the client secret (its
    org admins, or a superadmin); 404 when it has none."""
    row = await identity_providers.read(uow, principal, org_id)
    return _public(row, state.links)


@router.put("/{org_id}/identity-provider", responses=CHANGE)
async def set_identity_provider(
    org_id: uuid.UUID,
    body: IdentityProviderSettings,
    principal: CurrentPrincipal,
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> IdentityProviderPublic:
    """Sets the provider (issuer, client, scopes, the claim and its mapping to roles, the email
    domains it signs in, whether passwords still work). The issuer must be https at a public
    address: checked before any connection. 409 when another organization has a domain."""
    change = ProviderChange(
        **body.model_dump(exclude={"role_mapping"}),
        role_mapping={value: sorted(roles) for value, roles in body.role_mapping.items()},
    )
    reach = state.oidc.reach
    row = await identity_providers.save(uow, principal, org_id, change, reach, source)
    await uow.commit()
    return _public(row, state.links)


@router.post("/{org_id}/identity-provider/test", responses=GUARDED | CHANGE | UPSTREAM)
async def test_identity_provider(
    org_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> ConnectionTest:
    """Reads the saved provider's discovery document and keys; 409 with the reason when that
    fails."""
    outcome = await identity_providers.test_connection(uow, principal, org_id, state.oidc, source)
    await uow.commit()  # the test is audited, passed or not
    if not isinstance(outcome, Discovery):
        raise outcome
    return ConnectionTest(ok=True, **outcome.__dict__)


def redirect_uri(links: PublicLinks) -> str:
    return f"{links.web_url.rstrip('/')}{CALLBACK_PATH}"


def _public(row: IdentityProvider, links: PublicLinks) -> IdentityProviderPublic:
    return IdentityProviderPublic(
        **row.model_dump(exclude={"org_id", "client_secret"}),
        client_secret_set=bool(row.client_secret),
        redirect_uri=redirect_uri(links),
        post_logout_redirect_uri=f"{links.web_url.rstrip('/')}{SIGNED_OUT_PATH}",
    )

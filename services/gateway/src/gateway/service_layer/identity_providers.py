"""An organization's OpenID Connect provider settings, kept by its org admins (or a
superadmin), and the connection test. The issuer's address is checked (https, a public
address) before it is saved and before any connection; the client secret is never answered
nor audited (decision 0037)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from custody_contracts.principal import Principal
from custody_platform.addresses import Reach, checked
from custody_platform.errors import Conflict, DomainError, InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.identity_providers import IdentityProviders
from gateway.adapters.oidc_provider import Discovery, OidcProviders
from gateway.adapters.orm import IdentityProvider
from gateway.domain import oidc, policy

NONE_YET = "this organization has no identity provider yet"
SETTINGS = ("issuer", "client_id", "scopes", "role_claim", "role_mapping", "email_domains")
SWITCHES = ("password_sign_in", "enabled")


@dataclass
class ProviderChange:
    issuer: str
    client_id: str
    client_secret: str | None
    scopes: list[str] = field(default_factory=lambda: ["openid", "email", "profile"])
    role_claim: str = "groups"
    role_mapping: dict[str, list[str]] = field(default_factory=dict)
    email_domains: list[str] = field(default_factory=list)
    password_sign_in: bool = True
    enabled: bool = True


async def read(uow: UnitOfWork, principal: Principal, org_id: uuid.UUID) -> IdentityProvider:
    policy.ensure_can_edit_org(principal, org_id)
    found = await IdentityProviders(uow.session).of_org(org_id)
    if found is None:
        raise NotFound(NONE_YET)
    return found


async def save(
    uow: UnitOfWork,
    principal: Principal,
    org_id: uuid.UUID,
    change: ProviderChange,
    reach: Reach,
    source: str | None = None,
) -> IdentityProvider:
    """Creates or replaces the settings; a secret left out keeps the one stored."""
    policy.ensure_can_edit_org(principal, org_id)
    repo = IdentityProviders(uow.session)
    values = await _checked_values(repo, org_id, change, reach)
    row = await repo.of_org(org_id)
    if row is None and not change.client_secret:
        raise InvalidArgument("client_secret: give the client secret the provider issued")
    before = _public(row) if row is not None else {}
    row = row or IdentityProvider(org_id=org_id, client_secret="", **values)
    for name, value in values.items():
        setattr(row, name, value)
    if change.client_secret:
        row.client_secret = change.client_secret
    row.updated_at = datetime.now(UTC)
    repo.add(row)
    changed = sorted(k for k, v in _public(row).items() if before.get(k) != v)
    _audit(uow, principal, source, org_id, "org.identity_provider_changed", fields=changed,
           client_secret_changed=bool(change.client_secret))  # fmt: skip
    return row


async def _checked_values(
    repo: IdentityProviders, org_id: uuid.UUID, change: ProviderChange, reach: Reach
) -> dict[str, Any]:
    issuer = change.issuer.strip().rstrip("/")
    await _check_issuer(issuer, reach)
    domains = oidc.clean_domains(change.email_domains)
    if not domains:
        raise InvalidArgument("email_domains: name at least one email domain")
    if taken := await repo.domains_taken(org_id, domains):
        raise Conflict(f"email_domains: another organization signs in {', '.join(taken)}")
    return {
        "issuer": issuer,
        "client_id": change.client_id.strip(),
        "scopes": oidc.clean_scopes(change.scopes),
        "role_claim": change.role_claim.strip(),
        "role_mapping": oidc.clean_mapping(change.role_mapping),
        "email_domains": domains,
        "password_sign_in": change.password_sign_in,
        "enabled": change.enabled,
    }


async def _check_issuer(issuer: str, reach: Reach) -> None:
    """https and public addresses only: refused before any connection is made."""
    try:
        await checked(issuer, reach)
    except InvalidArgument as refused:
        raise InvalidArgument(refused.message.replace("url:", "issuer:", 1)) from None


async def test_connection(
    uow: UnitOfWork,
    principal: Principal,
    org_id: uuid.UUID,
    providers: OidcProviders,
    source: str | None = None,
) -> Discovery | DomainError:
    """Runs discovery and reads the JWKS of the saved settings; audited either way. A failure
    is returned, not raised: the entrypoint commits its audit record, then answers it."""
    row = await read(uow, principal, org_id)
    try:
        found = await providers.discover(row.issuer)
        await providers.keys(found)
    except DomainError as failed:
        _audit(uow, principal, source, org_id, "org.identity_provider_tested", ok=False)
        return failed
    _audit(uow, principal, source, org_id, "org.identity_provider_tested", ok=True)
    return found


def _public(row: IdentityProvider) -> dict[str, Any]:
    return {name: getattr(row, name) for name in (*SETTINGS, *SWITCHES)}


def _audit(
    uow: UnitOfWork,
    principal: Principal,
    source: str | None,
    org_id: uuid.UUID,
    action: str,
    **details: Any,
) -> None:
    uow.audit(
        Actor.of(principal, source),
        action,
        object_type="organization",
        object_id=org_id,
        org_ids=(org_id,),
        **details,
    )

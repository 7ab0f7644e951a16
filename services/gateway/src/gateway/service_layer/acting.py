"""A superadmin acting for an organization (decision 0048): checked on every request that
names one, and each such request is one ledger entry, as each use of an API key is."""

from __future__ import annotations

import uuid

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.repository import IdentityRepository
from gateway.domain import acting
from gateway.service_layer.api_keys import KeyUse
from gateway.service_layer.auth import FIRST_ORG


async def act_for(
    uow: UnitOfWork, operator: Principal | None, org_id: uuid.UUID, use: KeyUse
) -> Principal:
    """The organization's administrator principal for a superadmin signed in as a person
    (``operator`` None: an API key, refused), while the organization exists and is not the
    platform's own; the request is recorded in this unit of work, which the caller commits."""
    operator = acting.ensure_may_act(operator)
    org = await IdentityRepository(uow.session).org(org_id)
    if org is None:
        raise NotFound("organization not found")
    acting.ensure_customer_org(operator, org_id, platform=org.name == FIRST_ORG)
    principal = acting.acting_principal(operator, org_id)
    uow.audit(
        Actor.of(principal, use.source_address),
        "superadmin.acting",
        object_type="organization",
        object_id=org_id,
        org_ids=(org_id, operator.org_id),
        operation=use.operation,
        method=use.method,
        path=use.path,
    )
    return principal

"""Organizations as others see them: that one exists, its name and its public contact (the
directory, the owners of cameras in search results); and its admins keeping that card and
whether its members must sign in with a second factor."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.orm import Organization
from gateway.adapters.repository import IdentityRepository
from gateway.domain import policy

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


@dataclass(frozen=True)
class OrgView:
    org: Organization
    full: bool  # False: the caller sees only the public card (name, contact)


async def look_up_org(uow: UnitOfWork, org_id: uuid.UUID) -> Organization:
    """For any signed-in caller or service: other services check the organizations a change
    names (camera partners, auto-approved requesters) with it. Only its id and name go out
    (entrypoints/mappers.py); anything more stays with read_org's rule."""
    org = await IdentityRepository(uow.session).org(org_id)
    if org is None:
        raise NotFound("organization not found")
    return org


async def read_org(uow: UnitOfWork, principal: Principal, org_id: uuid.UUID) -> OrgView:
    """Any signed-in caller reads any organization's public card; members see it all."""
    org = await look_up_org(uow, org_id)
    return OrgView(org, policy.sees_org_in_full(principal, org_id))


async def find_orgs(uow: UnitOfWork, name: str, limit: int) -> list[Organization]:
    """The directory: organizations whose name holds ``name``, by name."""
    return await IdentityRepository(uow.session).orgs_named(name.strip(), limit)


async def owners(uow: UnitOfWork, org_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Organization]:
    """The owner organizations of a page of cameras, in one query."""
    return await IdentityRepository(uow.session).orgs(org_ids)


async def change_contact(
    uow: UnitOfWork,
    principal: Principal,
    org_id: uuid.UUID,
    changes: dict[str, str],
    source_address: str | None = None,
    mfa_required: bool | None = None,
) -> Organization:
    """Sets the given contact fields (others stay), and whether every member must sign in with
    a second factor (sessions without one may then only enrol, at once), audited."""
    policy.ensure_can_edit_org(principal, org_id)
    org = await IdentityRepository(uow.session).org(org_id)
    if org is None:
        raise NotFound("organization not found")
    changed = {k: v.strip() for k, v in changes.items() if k in CONTACT_FIELDS}
    for field, value in changed.items():
        setattr(org, field, value)
    uow.session.add(org)
    if changed or mfa_required is None:
        _audit(uow, principal, source_address, org, "org.contact_changed", fields=sorted(changed))
    if mfa_required is not None and mfa_required != org.mfa_required:
        org.mfa_required = mfa_required
        _audit(
            uow,
            principal,
            source_address,
            org,
            "org.mfa_requirement_changed",
            required=mfa_required,
        )
    return org


def _audit(
    uow: UnitOfWork,
    principal: Principal,
    source_address: str | None,
    org: Organization,
    action: str,
    **details: Any,
) -> None:
    uow.audit(
        Actor.of(principal, source_address),
        action,
        object_type="organization",
        object_id=org.id,
        org_ids=(org.id,),
        **details,
    )

from __future__ import annotations

import uuid

from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UowDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, NOT_FOUND
from gateway.entrypoints.api.schemas.identity import OrgCreate, OrgPublic, UserCreate, UserPublic
from gateway.service_layer import identity

router = APIRouter(prefix="/orgs", tags=["identity"])


@router.post("", status_code=201, responses=CREATE)
async def create_org(
    body: OrgCreate, principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> OrgPublic:
    """Creates an organization (superadmins)."""
    org = await identity.create_org(uow, principal, name=body.name, source_address=source)
    await uow.commit()
    return OrgPublic.model_validate(org)


@router.get("/{org_id}", responses=NOT_FOUND)
async def read_org(org_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep) -> OrgPublic:
    """The caller's organization (any, for a superadmin)."""
    return OrgPublic.model_validate(await identity.get_org(uow, principal, org_id))


@router.post("/{org_id}/users", status_code=201, responses=CHANGE)
async def create_user(
    org_id: uuid.UUID,
    body: UserCreate,
    principal: CurrentPrincipal,
    uow: UowDep,
    source: SourceAddress,
) -> UserPublic:
    """Creates a user in the organization (its org admins, or a superadmin)."""
    user = await identity.create_user(
        uow,
        principal,
        org_id=org_id,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        roles=body.roles,
        source_address=source,
    )
    await uow.commit()
    return UserPublic.model_validate(user)

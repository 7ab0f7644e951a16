from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from gateway.domain.people import PeopleQuery
from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UowDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, INVALID, NOT_FOUND
from gateway.entrypoints.api.schemas.common import MAX_PAGE, Limit, ParamText
from gateway.entrypoints.api.schemas.directory import (
    OrgCards,
    OrgContactChange,
    OrgPublic,
    org_card,
    org_public,
)
from gateway.entrypoints.api.schemas.identity import (
    OrgCreate,
    UserCreate,
    UserPublic,
    UsersPublic,
)
from gateway.entrypoints.api.schemas.people import GrantableRole, PeopleStatus
from gateway.service_layer import identity, organizations, people

router = APIRouter(prefix="/orgs", tags=["identity"])


@router.post("", status_code=201, responses=CREATE)
async def create_org(
    body: OrgCreate, principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> OrgPublic:
    """Creates an organization (superadmins)."""
    org = await identity.create_org(uow, principal, name=body.name, source_address=source)
    await uow.commit()
    return org_public(org)


@router.get("", responses=INVALID)
async def find_orgs(
    principal: CurrentPrincipal,
    uow: UowDep,
    name: Annotated[ParamText, Query(min_length=1, max_length=200)],
    limit: Annotated[Limit, Query(le=100)] = 20,
) -> OrgCards:
    """The directory: organizations whose name holds ``name`` (any case), by name, each as
    its public card (name and contact)."""
    found = await organizations.find_orgs(uow, name, limit)
    return OrgCards(items=[org_card(org) for org in found], count=len(found))


@router.get("/{org_id}", responses=NOT_FOUND)
async def read_org(org_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep) -> OrgPublic:
    """An organization: its public card (name, contact) for any signed-in user; members and
    superadmins also see when it was created."""
    view = await organizations.read_org(uow, principal, org_id)
    return org_public(view.org, view.full)


@router.patch("/{org_id}", responses=CHANGE)
async def change_org_contact(
    org_id: uuid.UUID,
    body: OrgContactChange,
    principal: CurrentPrincipal,
    uow: UowDep,
    source: SourceAddress,
) -> OrgPublic:
    """Changes the organization's public contact and whether its members must sign in with a
    second factor (its org admins, or a superadmin); fields left out keep their value."""
    org = await organizations.change_contact(
        uow, principal, org_id, body.changes(), source, body.mfa_required
    )
    await uow.commit()
    return org_public(org)


@router.get("/{org_id}/users", responses=INVALID | NOT_FOUND)
async def list_users(
    org_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: UowDep,
    role: Annotated[GrantableRole | None, Query()] = None,
    q: Annotated[ParamText, Query(max_length=200)] = "",
    status: PeopleStatus = "active",
    limit: Annotated[Limit, Query()] = MAX_PAGE,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> UsersPublic:
    """The organization's directory: its users with their roles, by email, ``q`` in the email
    or name, a page of ``limit`` at a time with their ``total`` (follow ``next_cursor``). Its
    members and superadmins see the active users (to pick approvers, assignees and grantees);
    its org admins and superadmins also ``status=deactivated`` or ``all``."""
    active = {"active": True, "deactivated": False}.get(status)
    query = PeopleQuery(text=q.strip(), role=role or "", active=active, limit=limit)
    page = await people.find_people(uow, principal, org_id, query, cursor)
    items = [UserPublic.model_validate(u) for u in page.items]
    return UsersPublic(
        items=items, count=len(items), total=page.total, next_cursor=page.next_cursor
    )


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

from __future__ import annotations

import uuid

from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UowDep
from gateway.entrypoints.api.schemas.identity import UserPublic
from gateway.service_layer import identity

router = APIRouter(prefix="/users", tags=["identity"])


@router.get("/me")
async def read_me(principal: CurrentPrincipal, uow: UowDep) -> UserPublic:
    """The signed-in user: organization, roles and whether the account is active."""
    user = await identity.get_user(uow, principal, principal.user_id)
    return UserPublic.model_validate(user)


@router.post("/{user_id}/deactivate")
async def deactivate_user(
    user_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> UserPublic:
    """An org admin deactivates a user of their organization (a superadmin anyone but
    themselves): the user cannot sign in and every session of theirs ends at once."""
    user = await identity.deactivate_user(uow, principal, user_id, source)
    await uow.commit()
    return UserPublic.model_validate(user)

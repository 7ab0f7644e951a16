from __future__ import annotations

from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, UowDep
from gateway.entrypoints.api.schemas.identity import UserPublic
from gateway.service_layer import identity

router = APIRouter(prefix="/users", tags=["identity"])


@router.get("/me")
async def read_me(principal: CurrentPrincipal, uow: UowDep) -> UserPublic:
    user = await identity.get_user(uow, principal, principal.user_id)
    return UserPublic.model_validate(user)

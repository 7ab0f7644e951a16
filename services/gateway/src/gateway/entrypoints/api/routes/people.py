"""A person's page for their admins (decision 0042): read, change name and roles, reactivate,
reset the password; and anyone's change of their own password. Deactivation is in users.py,
the second factor's reset in mfa.py."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    CurrentSession,
    SourceAddress,
    StateDep,
    UowDep,
)
from gateway.entrypoints.api.responses import CHANGE, CONFLICT, GUARDED, INVALID
from gateway.entrypoints.api.schemas.identity import UserPublic
from gateway.entrypoints.api.schemas.people import (
    PasswordChange,
    PasswordResetPublic,
    UserChange,
)
from gateway.service_layer import people

router = APIRouter(prefix="/users", tags=["identity"])
_LOCKED = {429: {"description": "too many wrong passwords: the account is locked for a while"}}


@router.post("/me/password", status_code=204, responses=INVALID | CONFLICT | _LOCKED)
async def change_my_password(
    body: PasswordChange, who: CurrentSession, uow: UowDep, state: StateDep, source: SourceAddress
) -> None:
    """Changes the caller's password, given the current one (a wrong one is 400 and counts
    toward the sign-in lockout; the same one again, 409); the caller's other sessions end.
    After an admin's reset this is the one operation (with ``read_me`` and ``logout``) that
    works until it is done."""
    refused = await people.change_my_password(
        uow, state.auth, who, body.current_password, body.new_password, source
    )
    await uow.commit()  # a wrong password's count stays
    if refused is not None:
        raise refused


@router.get("/{user_id}", responses=GUARDED)
async def read_user(user_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep) -> UserPublic:
    """A user of the organization, active or not (its org admins, or a superadmin)."""
    return UserPublic.model_validate(await people.read_person(uow, principal, user_id))


@router.patch("/{user_id}", responses=CHANGE)
async def change_user(
    user_id: uuid.UUID,
    body: UserChange,
    principal: CurrentPrincipal,
    uow: UowDep,
    source: SourceAddress,
) -> UserPublic:
    """Changes a user's display name or roles (its org admins, or a superadmin). Nobody removes
    their own org_admin role (409); only a superadmin grants superadmin or changes one."""
    user = await people.change_person(
        uow,
        principal,
        user_id,
        display_name=body.display_name,
        roles=frozenset(body.roles) if body.roles is not None else None,
        source=source,
    )
    await uow.commit()
    return UserPublic.model_validate(user)


@router.post("/{user_id}/reactivate", responses=CHANGE)
async def reactivate_user(
    user_id: uuid.UUID, principal: CurrentPrincipal, uow: UowDep, source: SourceAddress
) -> UserPublic:
    """A deactivated user may sign in again, with the password they had."""
    user = await people.reactivate(uow, principal, user_id, source)
    await uow.commit()
    return UserPublic.model_validate(user)


@router.post("/{user_id}/password-reset", responses=CHANGE)
async def reset_user_password(
    user_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: UowDep,
    state: StateDep,
    source: SourceAddress,
) -> PasswordResetPublic:
    """A temporary password, answered this once; every session of the user ends, and after
    signing in with it they may only change it (403 ``password_change_required``). Not one's
    own (409: change it instead)."""
    user, password = await people.reset_password(uow, state.auth, principal, user_id, source)
    await uow.commit()
    return PasswordResetPublic(user=UserPublic.model_validate(user), temporary_password=password)

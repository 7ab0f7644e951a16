"""One audit record of a change made to a user's account by someone (an admin, or the user)."""

from __future__ import annotations

from typing import Any

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import Actor, UnitOfWork

from gateway.adapters.orm import User


def audit_user(
    uow: UnitOfWork,
    principal: Principal,
    source: str | None,
    action: str,
    user: User,
    **details: Any,
) -> None:
    uow.audit(
        Actor.of(principal, source),
        action,
        object_type="user",
        object_id=user.id,
        org_ids=(user.org_id,),
        **details,
    )

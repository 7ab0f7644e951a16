"""A superadmin acting for an organization as its administrator (decision 0048), as the web
session keeps it: which organization, and the operator's own view to return to. While acting,
the session's user is the organization's administrator, so every page works for it, and every
API call carries the organization in the gateway's ``Custody-Acting-For`` header."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypeGuard

from web.domain.views import User

SUPERADMIN = "superadmin"
ORG_ADMIN = "org_admin"


@dataclass(frozen=True)
class Acting:
    org_id: uuid.UUID
    org_name: str
    operator: User  # the superadmin as signed in, given back when acting stops


def may_act(user: User | None) -> TypeGuard[User]:
    return user is not None and SUPERADMIN in user.roles


def as_administrator(operator: User, org_id: uuid.UUID) -> User:
    """The operator as the pages see it while acting: the organization's administrator only."""
    return operator.model_copy(update={"org_id": org_id, "roles": [ORG_ADMIN]})

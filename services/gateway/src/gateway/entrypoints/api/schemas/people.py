"""A person's changes by an admin, a password reset's answer and one's own password change."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Name
from gateway.entrypoints.api.schemas.identity import UserPublic

GrantableRole = Literal["org_admin", "investigator", "approver", "superadmin"]
PeopleStatus = Literal["active", "deactivated", "all"]


class UserChange(BaseModel):
    """Fields left out keep their value; ``roles`` replaces the whole set."""

    display_name: Name | None = Field(default=None, min_length=1, max_length=200)
    roles: set[GrantableRole] | None = Field(default=None, min_length=1, max_length=4)


class PasswordResetPublic(BaseModel):
    user: UserPublic
    temporary_password: str = Field(
        description="shown this once: the user signs in with it and must then choose their own"
    )


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=12, max_length=256)

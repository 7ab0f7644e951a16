"""Organizations, users and access tokens."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.entrypoints.api.schemas.common import Name

AssignableRole = Literal["org_admin", "investigator", "approver"]
_ADDRESS_PART = r"[^@\s\x00-\x1f\x7f-\x9f]+"  # no spaces, no control characters
EMAIL_PATTERN = rf"^{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}$"


class OrgCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=200)


class UserCreate(BaseModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=12, max_length=256)
    display_name: Name = Field(min_length=1, max_length=200)
    roles: set[AssignableRole] = Field(min_length=1, max_length=3)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    org_id: uuid.UUID
    email: str
    display_name: str
    roles: list[str]
    is_active: bool
    created_at: datetime
    deactivated_at: datetime | None = None
    password_change_required: bool = Field(
        default=False,
        description="an admin reset the password: the user's sessions may only change it",
    )


class UsersPublic(BaseModel):
    items: list[UserPublic]
    count: int
    total: int = Field(description="how many users match, on every page")
    next_cursor: str = Field(default="", description="the next page's cursor; empty on the last")


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int

"""What the gateway's API answers, as the pages need it (unknown fields are ignored)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class User(ApiModel):
    id: uuid.UUID
    email: str
    display_name: str
    roles: list[str]
    org_id: uuid.UUID | None = None
    password_change_required: bool = False  # an admin reset it: nothing else until changed


class Incident(ApiModel):
    number: str
    type: str = ""
    description: str = ""
    occurred_at: datetime | None = None


class Problem(ApiModel):
    """An RFC 9457 problem from the gateway."""

    status: int
    title: str = "Something went wrong"
    detail: str | None = None
    type: str = "about:blank"
    current_state: str | None = None  # a conflict: the state the object is in now
    errors: list[dict[str, Any]] = []  # a 422: where and why (loc, msg)

    @property
    def message(self) -> str:
        """The detail as a sentence: `incorrect email or password` -> `Incorrect email or
        password`."""
        text = (self.detail or self.title).strip()
        return text[:1].upper() + text[1:]

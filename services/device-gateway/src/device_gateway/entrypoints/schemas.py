"""Request and response bodies of the device API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from device_gateway.domain.model import NoVideoReason


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollRequest(Body):
    enrollment_code: str = Field(min_length=1, max_length=200)


class EnrollResponse(BaseModel):
    device_id: uuid.UUID
    device_secret: str


class TokenRequest(Body):
    device_id: uuid.UUID
    device_secret: str = Field(min_length=1, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class CheckinRequest(Body):
    storage_free_bytes: int | None = Field(default=None, ge=0)
    battery_percent: float | None = Field(default=None, ge=0, le=100)
    recording: bool | None = None


class CommandPublic(BaseModel):
    id: uuid.UUID
    kind: str
    channel: int
    start: datetime
    end: datetime


class CheckinResponse(BaseModel):
    commands: list[CommandPublic]


class NoVideoRequest(Body):
    reason: NoVideoReason
    detail: str = Field(default="", max_length=1000)


class CommandState(BaseModel):
    id: uuid.UUID
    status: str

"""Request and response bodies of the device API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import AllowInfNan, BaseModel, ConfigDict, Field, Strict, StringConstraints

from device_gateway.domain.model import NoVideoReason

# Bounds at the edge (decision 0015): text without control characters (free text keeps tab
# and line feed), strict and bounded numbers that fit their columns.
Line = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
ByteCount = Annotated[int, Strict(), Ge(0), Le(2**63 - 1)]
Percent = Annotated[float, Strict(), AllowInfNan(False), Ge(0), Le(100)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollRequest(Body):
    enrollment_code: Line = Field(min_length=1, max_length=200)


class EnrollResponse(BaseModel):
    device_id: uuid.UUID
    device_secret: str


class TokenRequest(Body):
    device_id: uuid.UUID
    device_secret: Line = Field(min_length=1, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class CheckinRequest(Body):
    storage_free_bytes: ByteCount | None = None
    storage_total_bytes: ByteCount | None = None
    battery_percent: Percent | None = None
    recording: bool | None = None  # recording right now (an event, or in the background)
    background_recording: bool | None = None  # the setting the device runs with


class CommandPublic(BaseModel):
    id: uuid.UUID
    kind: str  # "export", or "background_video": upload the channel's video for the range
    channel: int
    start: datetime
    end: datetime


class DeviceSettings(BaseModel):
    background_recording: bool  # record video outside events, to be requested later


class CheckinResponse(BaseModel):
    commands: list[CommandPublic]
    settings: DeviceSettings


class NoVideoRequest(Body):
    reason: NoVideoReason
    detail: Text = Field(default="", max_length=1000)


class CommandState(BaseModel):
    id: uuid.UUID
    status: str

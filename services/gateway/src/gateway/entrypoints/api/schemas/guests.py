"""Guest invitations: an owner organization invites an outside investigator."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Line, Name
from gateway.entrypoints.api.schemas.identity import EMAIL_PATTERN


class GuestInvite(BaseModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    display_name: Name = Field(min_length=1, max_length=200)
    agency: Name = Field(min_length=1, max_length=200)  # the investigator's own organization


class GuestInvitationPublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    email: str
    agency: str
    expires_at: datetime
    token: str  # shown once: hand it to the guest (POST /guests/accept)
    email_queued: bool  # the invitee will be emailed the link (the gateway knows the web app)


class GuestAccept(BaseModel):
    token: Line = Field(min_length=20, max_length=200)
    password: str = Field(min_length=12, max_length=256)

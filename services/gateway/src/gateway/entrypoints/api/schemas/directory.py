"""The directory: an organization's public card (its name and contact), which every signed-in
user may read, and the change its org admins make to the contact and the MFA requirement."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from gateway.adapters.orm import Organization
from gateway.entrypoints.api.schemas.common import Line, Name
from gateway.entrypoints.api.schemas.identity import EMAIL_PATTERN

PHONE_PATTERN = r"^[0-9+()./ x-]*$"  # digits and the usual separators; "" clears it


class OrgContact(BaseModel):
    """Who to reach about the organization's cameras; "" where not given."""

    name: str = ""
    email: str = ""
    phone: str = ""


class OrgCard(BaseModel):
    id: uuid.UUID
    name: str
    contact: OrgContact


class OrgPublic(OrgCard):
    """An organization: its members (and superadmins) also see when it was created."""

    created_at: datetime | None = None
    mfa_required: bool | None = Field(
        default=None, description="members only: every member signs in with a second factor"
    )


class OrgCards(BaseModel):
    items: list[OrgCard]
    count: int


class OrgContactChange(BaseModel):
    """The contact fields to set; a field left out keeps its value, "" clears it."""

    contact_name: Name | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254, pattern=f"{EMAIL_PATTERN}|^$")
    contact_phone: Line | None = Field(default=None, max_length=40, pattern=PHONE_PATTERN)
    mfa_required: bool | None = Field(
        default=None,
        description="every member signs in with a second factor; one without it may only enrol",
    )

    def changes(self) -> dict[str, str]:
        given = self.model_dump(exclude_unset=True, exclude={"mfa_required"})
        return {k: v for k, v in given.items() if v is not None}


def contact_of(org: Organization) -> OrgContact:
    return OrgContact(name=org.contact_name, email=org.contact_email, phone=org.contact_phone)


def org_card(org: Organization) -> OrgCard:
    return OrgCard(id=org.id, name=org.name, contact=contact_of(org))


def org_public(org: Organization, full: bool = True) -> OrgPublic:
    return OrgPublic(
        id=org.id,
        name=org.name,
        contact=contact_of(org),
        created_at=org.created_at if full else None,
        mfa_required=org.mfa_required if full else None,
    )

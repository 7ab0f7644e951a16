"""What the gateway answers about video requests, request forms and request terms, as the
request pages need it (unknown fields are ignored)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from web.domain.views import ApiModel, Incident

# Line items an owner has not decided yet: the review queue's and the decision forms'.
UNDECIDED = frozenset({"submitted", "under_review", "more_info_requested"})
# What the requests service rolls a request's line items up to (the status filter's choices).
REQUEST_STATUSES = (
    "submitted",
    "under_review",
    "more_info_requested",
    "in_progress",
    "partially_fulfilled",
    "fulfilled",
    "video_unavailable",
    "rejected",
    "cancelled",
    "expired",
    "closed",
)
CLOSED_STATUSES = frozenset(
    {"fulfilled", "video_unavailable", "rejected", "cancelled", "expired", "closed"}
)


class Me(ApiModel):
    id: uuid.UUID
    org_id: uuid.UUID
    roles: list[str]

    @property
    def decides(self) -> bool:
        """Whether this user's role may decide its organization's line items (the API still
        checks whether the owner named other approvers for the camera)."""
        return "approver" in self.roles or "org_admin" in self.roles

    @property
    def guest(self) -> bool:
        return "guest" in self.roles


class LineItem(ApiModel):
    id: uuid.UUID
    camera_id: uuid.UUID
    camera_name: str
    owner_org_id: uuid.UUID | None = None
    start: datetime | None = None
    end: datetime | None = None
    status: str
    permission: str | None = None
    reason: str | None = None
    warning: str | None = None
    due_at: datetime | None = None
    case_id: uuid.UUID | None = None
    evidence_id: uuid.UUID | None = None
    updated_at: datetime | None = None

    @property
    def undecided(self) -> bool:
        return self.status in UNDECIDED


class VideoRequest(ApiModel):
    id: uuid.UUID
    requester_org_id: uuid.UUID | None = None
    incident_number: str
    description: str = ""
    incident: Incident
    status: str
    line_items: list[LineItem]
    created_at: datetime | None = None

    def item(self, line_item_id: uuid.UUID) -> LineItem | None:
        return next((i for i in self.line_items if i.id == line_item_id), None)

    def owners(self) -> list[uuid.UUID]:
        """The camera owners, in the order their cameras were asked for."""
        owners = (i.owner_org_id for i in self.line_items if i.owner_org_id)
        return list(dict.fromkeys(owners))


class VideoRequests(ApiModel):
    items: list[VideoRequest]
    total: int


class StatusCounts(ApiModel):
    by_status: dict[str, int] = Field(default_factory=dict)
    total: int = 0


class Message(ApiModel):
    id: uuid.UUID
    owner_org_id: uuid.UUID
    author_party: str
    body: str
    created_at: datetime | None = None


class Messages(ApiModel):
    items: list[Message]


class FormField(ApiModel):
    key: str
    label: str
    type: str
    required: bool = False
    help_text: str = ""
    pattern: str = ""
    min: float | None = None
    max: float | None = None
    options: list[str] = Field(default_factory=list)


class RequestForm(ApiModel):
    id: uuid.UUID
    version: int
    title: str
    fields: list[FormField]


class CameraTerms(ApiModel):
    camera_id: uuid.UUID
    camera_name: str
    owner_org_id: uuid.UUID
    max_span_hours: int
    sla_hours: int = 0
    retention_days: int = 0


class RequestTerms(ApiModel):
    items: list[CameraTerms]


class Org(ApiModel):
    id: uuid.UUID
    name: str

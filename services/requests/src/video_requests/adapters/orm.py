"""Tables of the requests schema. Rows are the entities the service layer changes; the
domain's rules (transitions, roll-up, access) apply to them through small protocols.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import ARRAY, CheckConstraint, Column, DateTime, Index, Text, Uuid, text
from sqlmodel import Field, SQLModel

SCHEMA = "requests"


def _timestamp() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def _optional_timestamp() -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class VideoRequest(Base, table=True):
    __tablename__ = "video_requests"
    __table_args__ = (
        Index("video_requests_requester", "requester_org_id", "created_at"),
        Index("video_requests_incident", "incident_number"),
        Index(
            "video_requests_idempotency",
            "requester_user_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    description: str
    status: str
    created_at: datetime = _timestamp()
    version: int = 1  # bumped on every change, so readers can tell two states apart
    incident_type: str = ""
    incident_latitude: float | None = None
    incident_longitude: float | None = None
    incident_at: datetime | None = _optional_timestamp()
    # The submitter's Idempotency-Key and the sha256 of what it asked (decision 0052).
    idempotency_key: str | None = None
    idempotency_sha256: str | None = None


class LineItem(Base, table=True):
    __tablename__ = "line_items"
    __table_args__ = (
        Index("line_items_request", "request_id", "position"),
        Index("line_items_owner", "owner_org_id"),
        Index("line_items_export", "export_id", unique=True),
        Index("line_items_preserve_export", "preserve_export_id", unique=True),
        Index("line_items_due", "due_at"),
        Index("line_items_camera", "camera_id"),
        CheckConstraint('start < "end"', name="line_items_window"),
    )

    id: uuid.UUID = Field(primary_key=True)
    request_id: uuid.UUID = Field(foreign_key="requests.video_requests.id")
    position: int  # order of submission
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    device_id: uuid.UUID
    channel: int
    start: datetime = _timestamp()
    end: datetime = _timestamp()
    status: str
    permission: str | None = None
    reason: str | None = None
    case_id: uuid.UUID | None = None
    evidence_id: uuid.UUID | None = None
    export_id: uuid.UUID | None = None
    updated_at: datetime = _timestamp()
    camera_name: str = ""
    camera_latitude: float | None = None  # the camera's position at submission (provenance)
    camera_longitude: float | None = None
    vms_camera_ref: str | None = None
    warning: str | None = None  # e.g. the window is older than the camera keeps video
    approver_user_ids: list[uuid.UUID] = Field(
        default_factory=list, sa_column=Column(ARRAY(Uuid()), nullable=False)
    )
    due_at: datetime | None = _optional_timestamp()  # the owner's SLA for a decision
    remind_at: datetime | None = _optional_timestamp()  # when the SLA worker reminds approvers
    reminded_at: datetime | None = _optional_timestamp()  # set once: one reminder per item
    # Export before approval: footage preserved in the owner's custody while under review.
    preserve_export_id: uuid.UUID | None = None
    preserved_evidence_id: uuid.UUID | None = None


class Message(Base, table=True):
    """The conversation between the requester and one owner organization of a request."""

    __tablename__ = "messages"
    __table_args__ = (Index("messages_request", "request_id", "created_at"),)

    id: uuid.UUID = Field(primary_key=True)
    request_id: uuid.UUID = Field(foreign_key="requests.video_requests.id")
    owner_org_id: uuid.UUID
    author_user_id: uuid.UUID
    author_party: str  # requester, owner
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp()


class FormSubmission(Base, table=True):
    """A request's answers to one owner's form, tied to the form version they were checked
    against: publishing a new version never changes them."""

    __tablename__ = "form_submissions"

    request_id: uuid.UUID = Field(foreign_key="requests.video_requests.id", primary_key=True)
    owner_org_id: uuid.UUID = Field(primary_key=True)
    form_version_id: uuid.UUID
    answers_json: str = Field(sa_column=Column(Text, nullable=False))

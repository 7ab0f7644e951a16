"""Tables of the requests schema. Rows are the entities the service layer changes; the
domain's rules (transitions, roll-up, access) apply to them through small protocols.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import CheckConstraint, Column, DateTime, Index
from sqlmodel import Field, SQLModel

SCHEMA = "requests"


def _timestamp() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class VideoRequest(Base, table=True):
    __tablename__ = "video_requests"
    __table_args__ = (Index("video_requests_requester", "requester_org_id", "created_at"),)

    id: uuid.UUID = Field(primary_key=True)
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    description: str
    status: str
    created_at: datetime = _timestamp()
    version: int = 1  # bumped on every change, so readers can tell two states apart


class LineItem(Base, table=True):
    __tablename__ = "line_items"
    __table_args__ = (
        Index("line_items_request", "request_id", "position"),
        Index("line_items_owner", "owner_org_id"),
        Index("line_items_export", "export_id", unique=True),
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

"""Evidence tables in the "evidence" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata("evidence")


class Case(Base, table=True):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("org_id", "number"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(index=True)
    number: str
    title: str
    status: str = "open"
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class EvidenceItem(Base, table=True):
    __tablename__ = "evidence_items"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="evidence.cases.id", index=True)
    org_id: uuid.UUID = Field(index=True)
    object_key: str
    sha256: str
    size: int
    filename: str
    content_type: str
    source: str
    permission_for_requester: str = "download"
    request_id: uuid.UUID | None = None
    line_item_id: uuid.UUID | None = None
    upload_id: uuid.UUID | None = Field(default=None, unique=True)
    capture_start: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    capture_end: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))

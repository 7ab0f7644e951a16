"""Evidence tables in the "evidence" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata("evidence")


class Case(Base, table=True):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("org_id", "number"), Index("ix_cases_org_id", "org_id"))

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    number: str = Field(sa_type=Text)
    title: str = Field(sa_type=Text)
    status: str = Field(default="open", sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class EvidenceItem(Base, table=True):
    __tablename__ = "evidence_items"
    __table_args__ = (
        Index("ix_evidence_items_case_id", "case_id"),
        Index("ix_evidence_items_org_id", "org_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="evidence.cases.id")
    org_id: uuid.UUID
    object_key: str = Field(sa_type=Text)
    sha256: str = Field(sa_type=Text)
    size: int = Field(sa_type=BigInteger)
    filename: str = Field(sa_type=Text)
    content_type: str = Field(sa_type=Text)
    source: str = Field(sa_type=Text)
    permission_for_requester: str = Field(default="download", sa_type=Text)
    request_id: uuid.UUID | None = None
    line_item_id: uuid.UUID | None = None
    upload_id: uuid.UUID | None = Field(default=None, unique=True)
    capture_start: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    capture_end: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))

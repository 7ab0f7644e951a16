"""Redaction tables in the "redaction" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import DateTime, Index, Text, text
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata("redaction")


class Job(Base, table=True):
    """One redaction of one original; its id is the job id evidence chose."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_evidence_id", "evidence_id"),
        Index("ix_jobs_queued", "created_at", postgresql_where=text("status = 'queued'")),
    )

    id: uuid.UUID = Field(primary_key=True)
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str = Field(sa_type=Text)
    sha256: str = Field(sa_type=Text)
    requested_by: uuid.UUID
    status: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))

"""Redaction tables in the "redaction" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, Boolean, DateTime, Double, Index, Integer, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_type=DateTime(timezone=True), **kwargs)


class Base(SQLModel):
    metadata = service_metadata("redaction")


class Job(Base, table=True):
    """One redaction of one original; its id is the job id evidence chose."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_evidence_id", "evidence_id"),
        Index(
            "ix_jobs_runnable",
            "created_at",
            postgresql_where=text("status IN ('queued', 'analysing', 'rendering')"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str = Field(sa_type=Text)
    sha256: str = Field(sa_type=Text)
    requested_by: uuid.UUID
    status: str = Field(sa_type=Text)
    created_at: datetime = _when(default_factory=_now)
    filename: str = Field(default="", sa_type=Text)
    content_type: str = Field(default="", sa_type=Text)
    reason: str | None = Field(default=None, sa_type=Text)
    updated_at: datetime = _when(default_factory=_now)
    # The running step's progress, written by the worker's heartbeat.
    step: str | None = Field(default=None, sa_type=Text)
    frames_done: int = Field(default=0, sa_type=BigInteger)
    frames_total: int = Field(default=0, sa_type=BigInteger)
    fps: float = Field(default=0.0, sa_type=Double)
    cancel_requested: bool = Field(default=False, sa_type=Boolean)
    lease_owner: str | None = Field(default=None, sa_type=Text)
    lease_expires_at: datetime | None = _when(default=None)
    attempts: int = Field(default=0, sa_type=Integer)
    media: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    plan: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    reviewed_by: uuid.UUID | None = None
    reviewed_at: datetime | None = _when(default=None)
    # Set once the render is stored, so a rerun after a crash goes straight to ingest.
    output_key: str | None = Field(default=None, sa_type=Text)
    output_sha256: str | None = Field(default=None, sa_type=Text)
    output_size: int | None = Field(default=None, sa_type=BigInteger)
    manifest_key: str | None = Field(default=None, sa_type=Text)
    manifest_sha256: str | None = Field(default=None, sa_type=Text)
    derived_evidence_id: uuid.UUID | None = None


class Track(Base, table=True):
    """One tracked face or plate of a job's analysis, with its box on every frame."""

    __tablename__ = "tracks"

    job_id: uuid.UUID = Field(foreign_key="redaction.jobs.id", primary_key=True)
    track_id: int = Field(primary_key=True, sa_type=Integer)
    kind: str = Field(sa_type=Text)
    score: float = Field(sa_type=Double)
    first_frame: int = Field(sa_type=BigInteger)
    last_frame: int = Field(sa_type=BigInteger)
    frame_count: int = Field(sa_type=BigInteger)
    boxes: dict[str, Any] = Field(sa_type=JSONB)  # frame index (as text) -> [x1, y1, x2, y2]
    thumbnail_key: str | None = Field(default=None, sa_type=Text)

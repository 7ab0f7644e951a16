"""Tables of the device_gateway schema. Timestamps are timezone-aware (UTC)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

SCHEMA = "device_gateway"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(nullable: bool = True) -> Any:
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=nullable)


def _fk(target: str, *, index: bool = True) -> Any:
    column = Column(Uuid, ForeignKey(f"{SCHEMA}.{target}"), nullable=False, index=index)
    return Field(sa_column=column)


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class Device(Base, table=True):
    __tablename__ = "devices"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(index=True)
    name: str
    kind: str
    channels: int
    background_recording: bool
    enrollment_code_hash: str | None = Field(default=None, unique=True)
    enrolled_at: datetime | None = _ts()
    secret_hash: str | None = None
    revoked: bool = False
    last_seen_at: datetime | None = _ts()
    seen_reported_at: datetime | None = _ts()  # when the last DeviceSeen was emitted
    status: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Command(Base, table=True):
    """An export order queued for one device; carries the ExportRequested context."""

    __tablename__ = "commands"
    __table_args__ = (Index("commands_pending", "device_id", "status"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    device_id: uuid.UUID = _fk("devices.id", index=False)  # covered by commands_pending
    org_id: uuid.UUID
    kind: str = "export"
    export_id: uuid.UUID = Field(unique=True)
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    requester_org_id: uuid.UUID
    camera_id: uuid.UUID
    case_number: str
    permission: str
    channel: int
    start: datetime = Field(sa_type=DateTime(timezone=True))
    end: datetime = Field(sa_type=DateTime(timezone=True))
    status: str = "queued"
    delivered_at: datetime | None = _ts()
    attempts: int = 0
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    finished_at: datetime | None = _ts()


class Upload(Base, table=True):
    """A tus upload session; its bytes live in the staging file until verified and stored."""

    __tablename__ = "uploads"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    device_id: uuid.UUID = _fk("devices.id")
    command_id: uuid.UUID = _fk("commands.id")
    length: int = Field(sa_type=BigInteger)
    offset: int = Field(default=0, sa_type=BigInteger)
    sha256_declared: str
    filename: str
    content_type: str
    staging_name: str
    status: str = "open"
    object_key: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    completed_at: datetime | None = _ts()

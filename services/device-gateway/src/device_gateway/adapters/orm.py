"""Tables of the device_gateway schema. Timestamps are timezone-aware (UTC)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, CheckConstraint, Column, DateTime, ForeignKey, Index, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

SCHEMA = "device_gateway"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(nullable: bool = True) -> Any:
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=nullable)


def _fk(target: str, *, index: bool = True, nullable: bool = False) -> Any:
    column = Column(Uuid, ForeignKey(f"{SCHEMA}.{target}"), nullable=nullable, index=index)
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


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
    vms_base_url: str | None = None  # kind "vms": where its connector exports from
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class BackgroundRequest(Base, table=True):
    """An operator's request for one device's background video: one command per channel.
    Its files go to `case_id` (the named case, or the org's device-uploads case)."""

    __tablename__ = "background_requests"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    device_id: uuid.UUID = _fk("devices.id")
    org_id: uuid.UUID = Field(index=True)
    requested_by: uuid.UUID
    case_id: uuid.UUID
    case_named: bool  # False: the org's device-uploads case, chosen by the gateway
    channels: list[int] = Field(default_factory=list, sa_type=JSONB)
    start: datetime = Field(sa_type=DateTime(timezone=True))
    end: datetime = Field(sa_type=DateTime(timezone=True))
    status: str = "pending"
    reason: str | None = None
    files: int = 0
    total_bytes: int = Field(default=0, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    finished_at: datetime | None = _ts()


class Command(Base, table=True):
    """An order queued for one device: an export (carrying the ExportRequested context) or
    one channel of a background-video request (the export fields stay empty)."""

    __tablename__ = "commands"
    __table_args__ = (
        Index("commands_pending", "device_id", "status"),
        Index("commands_org_created", "org_id", "created_at", "id"),  # GET /exports pages
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    device_id: uuid.UUID = _fk("devices.id", index=False)  # covered by commands_pending
    org_id: uuid.UUID
    kind: str = "export"  # or "background_video"
    background_request_id: uuid.UUID | None = _fk("background_requests.id", nullable=True)
    export_id: uuid.UUID | None = Field(default=None, unique=True)
    request_id: uuid.UUID | None = None
    line_item_id: uuid.UUID | None = None
    requester_org_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    vms_camera_ref: str | None = None  # set: a connector pulls the export, no device polls
    case_number: str | None = None
    permission: str | None = None
    channel: int
    start: datetime = Field(sa_type=DateTime(timezone=True))
    end: datetime = Field(sa_type=DateTime(timezone=True))
    status: str = "queued"
    delivered_at: datetime | None = _ts()
    attempts: int = 0
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    finished_at: datetime | None = _ts()
    outcome_reason: str | None = None  # why no video came: told to the requester
    outcome_detail: str | None = None  # the device's own words about it
    # The request's ExportProvenance (camera name and position, incident), passed on to
    # evidence with the upload (decision 0036); None for background video and older exports.
    provenance: dict[str, Any] | None = Field(default=None, sa_type=JSONB)


class UploadGrant(Base, table=True):
    """Permission to upload files into one case through tus, within limits. Only the token's
    hash is stored; usage counters grow as files complete."""

    __tablename__ = "upload_grants"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(index=True)
    case_id: uuid.UUID
    source: str
    token_hash: str = Field(unique=True)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    max_files: int
    max_bytes_per_file: int = Field(sa_type=BigInteger)
    max_total_bytes: int = Field(sa_type=BigInteger)
    allowed_media_types: list[str] = Field(default_factory=list, sa_type=JSONB)
    file_request_id: uuid.UUID | None = None
    created_by: str
    revoked: bool = False
    files_uploaded: int = 0
    bytes_uploaded: int = Field(default=0, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Upload(Base, table=True):
    """A tus upload session, owned by a device (for one of its commands) or by an upload
    grant; its bytes live in the staging file until verified and stored."""

    __tablename__ = "uploads"
    __table_args__ = (
        CheckConstraint("(command_id IS NULL) <> (grant_id IS NULL)", name="uploads_one_owner"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    device_id: uuid.UUID | None = _fk("devices.id", nullable=True)
    command_id: uuid.UUID | None = _fk("commands.id", nullable=True)
    grant_id: uuid.UUID | None = _fk("upload_grants.id", nullable=True)
    uploaded_by: str | None = None
    contributor_name: str | None = None
    contributor_contact: str | None = None
    length: int = Field(sa_type=BigInteger)
    offset: int = Field(default=0, sa_type=BigInteger)
    sha256_declared: str | None = None  # required of devices; optional under a grant
    filename: str
    content_type: str
    staging_name: str
    status: str = "open"
    object_key: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    completed_at: datetime | None = _ts()

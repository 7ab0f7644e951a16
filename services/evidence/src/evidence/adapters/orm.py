"""Evidence tables in the "evidence" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Double,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_type=DateTime(timezone=True), **kwargs)


def _texts() -> Any:
    return Field(default_factory=list, sa_type=ARRAY(Text))


class Base(SQLModel):
    metadata = service_metadata("evidence")


class Case(Base, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("org_id", "number"),
        Index("ix_cases_org_id", "org_id"),
        Index("ix_cases_org_created", "org_id", "created_at", "id"),  # GET /cases pages
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    number: str = Field(sa_type=Text)
    title: str = Field(sa_type=Text)
    status: str = Field(default="open", sa_type=Text)
    created_at: datetime = _when(default_factory=_now)
    description: str = Field(default="", sa_type=Text)
    incident_at: datetime | None = _when(default=None)
    incident_location: str = Field(default="", sa_type=Text)
    incident_type: str = Field(default="", sa_type=Text)
    department: str = Field(default="", sa_type=Text)
    assignees: list[uuid.UUID] = Field(default_factory=list, sa_type=ARRAY(PgUUID(as_uuid=True)))
    tags: list[str] = _texts()
    categories: list[str] = _texts()
    custom_fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSONB)
    legal_hold: bool = Field(default=False, sa_type=Boolean)
    created_by: uuid.UUID | None = None
    closed_at: datetime | None = _when(default=None)
    updated_at: datetime = _when(default_factory=_now)


class EvidenceItem(Base, table=True):
    __tablename__ = "evidence_items"
    __table_args__ = (
        Index("ix_evidence_items_case_id", "case_id"),
        Index("ix_evidence_items_org_id", "org_id"),
        Index("ix_evidence_items_sha256", "sha256"),
        Index("ix_evidence_items_processing", "processing"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="evidence.cases.id")  # the case it arrived in
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
    capture_start: datetime | None = _when(default=None)
    capture_end: datetime | None = _when(default=None)
    created_at: datetime = _when(default_factory=_now)
    description: str = Field(default="", sa_type=Text)
    categories: list[str] = _texts()
    tags: list[str] = _texts()
    latitude: float | None = Field(default=None, sa_type=Double)
    longitude: float | None = Field(default=None, sa_type=Double)
    device_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    # Provenance of a delivered export (decision 0036): with camera_id, device_id, the capture
    # window and latitude/longitude (the camera's position).
    camera_name: str | None = Field(default=None, sa_type=Text)
    channel: int | None = Field(default=None, sa_type=Integer)
    uploaded_by: str = Field(default="", sa_type=Text)
    contributor_name: str | None = Field(default=None, sa_type=Text)
    contributor_contact: str | None = Field(default=None, sa_type=Text)
    file_request_id: uuid.UUID | None = None
    original_id: uuid.UUID | None = Field(default=None, foreign_key="evidence.evidence_items.id")
    derived_key: str | None = Field(default=None, unique=True, sa_type=Text)
    processing: str = Field(default="pending", sa_type=Text)
    # Claims and retries of the processing worker: not before processing_after, at most
    # settings.processing_max_attempts times; the last failure is kept for operators.
    processing_attempts: int = Field(default=0, sa_type=Integer)
    processing_after: datetime | None = _when(default=None)
    processing_error: str | None = Field(default=None, sa_type=Text)
    media: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    thumbnail_key: str | None = Field(default=None, sa_type=Text)
    legal_hold: bool = Field(default=False, sa_type=Boolean)
    deleted_at: datetime | None = _when(default=None)
    deleted_by: str | None = Field(default=None, sa_type=Text)
    purged_at: datetime | None = _when(default=None)


class CaseItem(Base, table=True):
    """Which cases hold an item: one item may be evidence in several cases."""

    __tablename__ = "case_items"
    __table_args__ = (Index("ix_case_items_evidence_id", "evidence_id"),)

    case_id: uuid.UUID = Field(foreign_key="evidence.cases.id", primary_key=True)
    evidence_id: uuid.UUID = Field(foreign_key="evidence.evidence_items.id", primary_key=True)
    added_at: datetime = _when(default_factory=_now)


class ObjectBlocks(Base, table=True):
    """sha256 of each fixed-size block of an original, taken in one pass that also checked the
    whole-object hash: a range read verifies the blocks it touches against these."""

    __tablename__ = "object_blocks"

    sha256: str = Field(primary_key=True, sa_type=Text)
    block_size: int = Field(sa_type=Integer)
    hashes: bytes = Field(sa_type=LargeBinary)
    verified_at: datetime | None = _when(default=None)  # a read last checked blocks of it


class Comment(Base, table=True):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_evidence_id", "evidence_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    evidence_id: uuid.UUID = Field(foreign_key="evidence.evidence_items.id")
    author_id: uuid.UUID
    body: str = Field(sa_type=Text)
    created_at: datetime = _when(default_factory=_now)
    at_s: float | None = Field(default=None, sa_type=Double)  # the time code it is about


class Grant(Base, table=True):
    __tablename__ = "grants"
    __table_args__ = (
        Index("ix_grants_grantee_id", "grantee_id"),
        Index("ix_grants_object_id", "object_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    object_type: str = Field(sa_type=Text)
    object_id: uuid.UUID
    grantee_type: str = Field(sa_type=Text)
    grantee_id: uuid.UUID
    permission: str = Field(sa_type=Text)
    expires_at: datetime | None = _when(default=None)
    revoked_at: datetime | None = _when(default=None)
    created_by: uuid.UUID
    created_at: datetime = _when(default_factory=_now)


class ShareLink(Base, table=True):
    __tablename__ = "share_links"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    object_type: str = Field(sa_type=Text)
    object_id: uuid.UUID
    token_hash: str = Field(unique=True, sa_type=Text)
    permission: str = Field(sa_type=Text)
    label: str = Field(default="", sa_type=Text)
    expires_at: datetime = _when()
    revoked_at: datetime | None = _when(default=None)
    created_by: uuid.UUID
    created_at: datetime = _when(default_factory=_now)


class FileRequest(Base, table=True):
    __tablename__ = "file_requests"
    __table_args__ = (Index("ix_file_requests_case_id", "case_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    case_id: uuid.UUID = Field(foreign_key="evidence.cases.id")
    grant_id: uuid.UUID
    token_hash: str = Field(unique=True, sa_type=Text)
    title: str = Field(sa_type=Text)
    instructions: str = Field(default="", sa_type=Text)
    consent_text: str = Field(default="", sa_type=Text)
    expires_at: datetime = _when()
    max_files: int = Field(default=0, sa_type=Integer)
    max_bytes_per_file: int = Field(default=0, sa_type=BigInteger)
    max_total_bytes: int = Field(default=0, sa_type=BigInteger)
    allowed_media_types: list[str] = _texts()
    ask_contributor: bool = Field(default=False, sa_type=Boolean)
    revoked_at: datetime | None = _when(default=None)
    created_by: uuid.UUID
    created_at: datetime = _when(default_factory=_now)


class RetentionPolicy(Base, table=True):
    __tablename__ = "retention_policies"

    org_id: uuid.UUID = Field(primary_key=True)
    category: str = Field(primary_key=True, sa_type=Text)
    days: int = Field(sa_type=Integer)

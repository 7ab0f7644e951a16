"""Tables of the registry schema."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import CheckConstraint, Column, DateTime, Index, Uuid, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

SCHEMA = "registry"


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


def _uuid_array() -> Any:
    column: Column[Any] = Column(ARRAY(Uuid()), nullable=False, server_default="{}")
    return Field(default_factory=list, sa_column=column)


def _with_default(value: Any, server_default: str) -> Any:
    """Columns added after rows existed carry a server default, in the ORM as in the migration."""
    return Field(default=value, sa_column_kwargs={"server_default": server_default})


def _timestamp() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CameraRow(Base, table=True):
    __tablename__ = "cameras"
    __table_args__ = (
        # Search narrows by a lat/lon box first. A 2-D GiST index on the position finds the
        # box's cameras directly; a (latitude, longitude) btree would scan the whole latitude
        # band across a dense city. Built-in geometric types: no PostGIS needed.
        Index("cameras_position", text("point(longitude, latitude)"), postgresql_using="gist"),
        Index("cameras_org", "org_id"),
        # The org admins' camera list pages through its cameras by name (keyset).
        Index("cameras_org_name", "org_id", text("lower(name)"), "id"),
        Index("cameras_group", "group_id"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="cameras_latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="cameras_longitude_range"),
        CheckConstraint(
            "visibility IN ('registry', 'partners', 'private')", name="cameras_visibility"
        ),
        CheckConstraint("status IN ('active', 'retired')", name="cameras_status"),
    )

    id: uuid.UUID = Field(primary_key=True)
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    device_id: uuid.UUID | None = Field(default=None)
    channel: int
    visibility: str
    status: str
    created_at: datetime = _timestamp()
    heading: float | None = Field(default=None)
    field_of_view: float | None = Field(default=None)
    contact: str = _with_default("", "")
    retention_days: int = _with_default(0, "0")
    vms_device_id: uuid.UUID | None = Field(default=None)
    vms_camera_ref: str = _with_default("", "")
    partner_org_ids: list[uuid.UUID] = _uuid_array()
    group_id: uuid.UUID | None = Field(default=None)
    thumbnail_key: str | None = Field(default=None)
    # Set by every change; the default serves rows written in bulk outside the ORM.
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=text("now()"))
    )


class CameraGroupRow(Base, table=True):
    __tablename__ = "camera_groups"
    __table_args__ = (Index("camera_groups_org_name", "org_id", "name", unique=True),)

    id: uuid.UUID = Field(primary_key=True)
    org_id: uuid.UUID
    name: str
    approver_user_ids: list[uuid.UUID] = _uuid_array()
    created_at: datetime = _timestamp()


class RequestSettingsRow(Base, table=True):
    """One row per owner org that saved settings; absent = the defaults."""

    __tablename__ = "request_settings"

    org_id: uuid.UUID = Field(primary_key=True)
    approver_user_ids: list[uuid.UUID] = _uuid_array()
    auto_approve_org_ids: list[uuid.UUID] = _uuid_array()
    export_before_approval: bool
    max_span_hours: int
    sla_hours: int
    updated_at: datetime = _timestamp()


class FormVersionRow(Base, table=True):
    """Immutable once written: a new publication is a new row with the next version."""

    __tablename__ = "request_form_versions"
    __table_args__ = (Index("request_form_versions_org_version", "org_id", "version", unique=True),)

    id: uuid.UUID = Field(primary_key=True)
    org_id: uuid.UUID
    version: int
    title: str
    fields: list[dict[str, Any]] = Field(sa_column=Column(JSONB, nullable=False))
    published_by: uuid.UUID
    published_at: datetime = _timestamp()

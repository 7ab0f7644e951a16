"""Tables of the registry schema."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_platform.db import service_metadata
from sqlalchemy import CheckConstraint, Column, DateTime, Index
from sqlmodel import Field, SQLModel

SCHEMA = "registry"


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class CameraRow(Base, table=True):
    __tablename__ = "cameras"
    __table_args__ = (
        # Radius search narrows by a lat/lon box first; this index serves that range scan.
        Index("cameras_lat_lon", "latitude", "longitude"),
        Index("cameras_org", "org_id"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="cameras_latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="cameras_longitude_range"),
        CheckConstraint("visibility IN ('registry', 'private')", name="cameras_visibility"),
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
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))

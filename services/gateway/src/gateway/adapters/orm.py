"""Identity tables in the "gateway" schema: organizations and their users."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import ARRAY, CheckConstraint, Column, DateTime, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

SCHEMA = "gateway"


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata(SCHEMA)


class Organization(Base, table=True):
    __tablename__ = "organizations"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class User(Base, table=True):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="users_email_lowercase"),
        Index("ix_users_org_id", "org_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    email: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(Text, nullable=False))
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    roles: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    is_active: bool = True
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )

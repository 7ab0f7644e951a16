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


class GuestInvitation(Base, table=True):
    """An owner organization's invitation of an outside investigator. Only the token's
    sha256 is kept; the token itself is shown once, to the inviting admin."""

    __tablename__ = "guest_invitations"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="guest_invitations_email_lowercase"),
        Index("ix_guest_invitations_org_id", "org_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False)
    )
    email: str = Field(sa_column=Column(Text, nullable=False))
    display_name: str = Field(sa_column=Column(Text, nullable=False))
    agency: str = Field(sa_column=Column(Text, nullable=False))  # the guest's own organization
    token_sha256: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    invited_by: uuid.UUID
    created_at: datetime = Field(
        default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    accepted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    user_id: uuid.UUID | None = None

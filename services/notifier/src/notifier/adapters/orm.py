"""Notifier tables in the "notifier" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_platform.db import service_metadata
from sqlalchemy import DateTime, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata("notifier")


class Notification(Base, table=True):
    """One email for one event to one address: sent, or refused for good."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("event_id", "to_address"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    event_id: uuid.UUID
    kind: str = Field(sa_type=Text)
    to_address: str = Field(sa_type=Text)
    subject: str = Field(sa_type=Text)
    status: str = Field(sa_type=Text)
    attempts: int = 1
    error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class RequestContact(Base, table=True):
    """Who asked for a request, remembered from RequestSubmitted: device-gateway events
    about the request's exports do not carry the requester."""

    __tablename__ = "request_contacts"

    request_id: uuid.UUID = Field(primary_key=True)
    requester_user_id: uuid.UUID
    requester_org_id: uuid.UUID
    incident_number: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class InAppNotification(Base, table=True):
    """One notification in a user's tray: at most one per event and user."""

    __tablename__ = "in_app_notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        # A user's tray, newest first; and the unread count, asked every few seconds per page.
        Index(
            "in_app_notifications_user_newest", "user_id", text("created_at DESC"), text("id DESC")
        ),
        Index(
            "in_app_notifications_user_unread", "user_id", postgresql_where=text("read_at IS NULL")
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    event_id: uuid.UUID
    user_id: uuid.UUID
    org_id: uuid.UUID
    kind: str = Field(sa_type=Text)
    title: str = Field(sa_type=Text)
    body: str = Field(sa_type=Text)
    link: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    read_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))

"""Notifier tables in the "notifier" schema; migrations/versions creates them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from custody_platform.db import service_metadata
from sqlalchemy import Column, DateTime, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
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


class WebhookEndpoint(Base, table=True):
    """An organization's webhook receiver. The secrets are kept as given (HMAC needs them);
    the previous one signs too until it expires, so receivers rotate without downtime."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index("webhook_endpoints_org", "org_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    url: str = Field(sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    event_types: list[str] = Field(sa_type=ARRAY(Text))
    secret: str = Field(sa_type=Text)
    previous_secret: str | None = Field(default=None, sa_type=Text)
    previous_secret_expires_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True)
    )
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, sa_type=Text)
    failing_since: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class WebhookDelivery(Base, table=True):
    """One message to one endpoint: the signed body, and how its attempts went. Written with
    the consumed event's processed-event record, so an event makes it exactly once."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("webhook_deliveries_endpoint_newest", "endpoint_id", text("created_at DESC")),
        Index(
            "webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    org_id: uuid.UUID
    endpoint_id: uuid.UUID = Field(
        sa_column=Column(
            ForeignKey("notifier.webhook_endpoints.id", ondelete="CASCADE"), nullable=False
        )
    )
    event_id: uuid.UUID
    event_type: str = Field(sa_type=Text)
    body: str = Field(sa_type=Text)
    status: str = Field(default="pending", sa_type=Text)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    last_attempt_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, sa_type=Text)
    delivered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class NotificationPreference(Base, table=True):
    """A person's choice for one topic; a topic with no row has its default."""

    __tablename__ = "notification_preferences"

    user_id: uuid.UUID = Field(primary_key=True)
    topic: str = Field(primary_key=True, sa_type=Text)
    choice: str = Field(sa_type=Text)
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class Digest(Base, table=True):
    """The one digest a person gets on a day: its unique key is the scheduler's claim."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    day: date
    to_address: str = Field(sa_type=Text)
    entries: int = 0
    sent_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class DigestEntry(Base, table=True):
    """An email held for a person's next digest: at most one per event and person."""

    __tablename__ = "digest_entries"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index(
            "digest_entries_waiting",
            "user_id",
            "created_at",
            postgresql_where=text("digest_id IS NULL"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    event_id: uuid.UUID
    user_id: uuid.UUID
    to_address: str = Field(sa_type=Text)
    display_name: str = Field(default="", sa_type=Text)
    topic: str = Field(sa_type=Text)
    subject: str = Field(sa_type=Text)
    summary: str = Field(sa_type=Text)
    link: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    digest_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(ForeignKey("notifier.digests.id", ondelete="SET NULL"), nullable=True),
    )


class RedactionRequest(Base, table=True):
    """Who asked for a redaction job, remembered from RedactionRequested: the redaction
    service's RedactionCompleted does not name them."""

    __tablename__ = "redaction_requests"

    job_id: uuid.UUID = Field(primary_key=True)
    requested_by: uuid.UUID
    org_id: uuid.UUID
    case_id: uuid.UUID
    evidence_id: uuid.UUID
    filename: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))

"""The caller's in-app notifications, as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_contracts.grpc import notifications_pb2
from custody_platform.grpc.fields import read_time
from pydantic import BaseModel, Field


class NotificationPublic(BaseModel):
    id: uuid.UUID
    kind: str = Field(description="review_requested, request_approved, no_video, ...")
    title: str
    body: str
    link: str = Field(description="The web app's page it is about: /requests/{id}, /cases/{id}")
    created_at: datetime
    read_at: datetime | None = Field(description="None while unread")


class NotificationsPublic(BaseModel):
    items: list[NotificationPublic]
    total: int = Field(description="How many match the filter")
    unread: int = Field(description="All the caller's unread notifications")


class UnreadCountPublic(BaseModel):
    unread: int


class MarkedPublic(BaseModel):
    marked: int = Field(description="How many were unread and are now read")


def notification_public(message: notifications_pb2.Notification) -> NotificationPublic:
    created = read_time(message, "created_at")
    assert created is not None, "the notifier stamps every notification"
    return NotificationPublic(
        id=uuid.UUID(message.id),
        kind=message.kind,
        title=message.title,
        body=message.body,
        link=message.link,
        created_at=created,
        read_at=read_time(message, "read_at"),
    )


def notifications_public(found: notifications_pb2.ListNotificationsResponse) -> NotificationsPublic:
    return NotificationsPublic(
        items=[notification_public(n) for n in found.notifications],
        total=found.total,
        unread=found.unread,
    )

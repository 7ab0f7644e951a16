"""The Notifications gRPC servicer: the calling user's tray, each call one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from custody_contracts.grpc import notifications_pb2, notifications_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid, read_optional, timestamp
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters.orm import InAppNotification
from notifier.service_layer import inbox_reads, preferences

Context = grpc.aio.ServicerContext[Any, Any]


class NotificationsServicer(notifications_pb2_grpc.NotificationsServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    async def ListNotifications(
        self, request: Any, context: Context
    ) -> notifications_pb2.ListNotificationsResponse:
        principal = current_principal()
        read = read_optional(request, "read")
        async with self._uow() as uow:
            found = await inbox_reads.list_notifications(
                uow, principal, read, request.limit, request.offset
            )
            return notifications_pb2.ListNotificationsResponse(
                notifications=[notification_message(n) for n in found.items],
                total=found.total,
                unread=found.unread,
            )

    async def CountUnread(self, request: Any, context: Context) -> notifications_pb2.UnreadCount:
        principal = current_principal()
        async with self._uow() as uow:
            unread = await inbox_reads.count_unread(uow, principal)
        return notifications_pb2.UnreadCount(unread=unread)

    async def MarkRead(self, request: Any, context: Context) -> notifications_pb2.Notification:
        principal = current_principal()
        notification_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            found = await inbox_reads.mark_read(uow, principal, notification_id)
            message = notification_message(found)
            await uow.commit()
        return message

    async def MarkAllRead(
        self, request: Any, context: Context
    ) -> notifications_pb2.MarkAllReadResponse:
        principal = current_principal()
        async with self._uow() as uow:
            marked = await inbox_reads.mark_all_read(uow, principal)
            await uow.commit()
        return notifications_pb2.MarkAllReadResponse(marked=marked)

    async def GetPreferences(self, request: Any, context: Context) -> notifications_pb2.Preferences:
        async with self._uow() as uow:
            found = await preferences.read(uow, current_principal())
        return preferences_message(found)

    async def UpdatePreferences(
        self, request: Any, context: Context
    ) -> notifications_pb2.Preferences:
        changes = {p.topic: p.choice for p in request.preferences}
        async with self._uow() as uow:
            found = await preferences.update(uow, current_principal(), changes)
            await uow.commit()
        return preferences_message(found)


def notification_message(row: InAppNotification) -> notifications_pb2.Notification:
    return notifications_pb2.Notification(
        id=str(row.id),
        user_id=str(row.user_id),
        org_id=str(row.org_id),
        kind=row.kind,
        title=row.title,
        body=row.body,
        link=row.link,
        created_at=timestamp(row.created_at),
        read_at=timestamp(row.read_at),
    )


def preferences_message(found: list[preferences.Preference]) -> notifications_pb2.Preferences:
    return notifications_pb2.Preferences(
        preferences=[
            notifications_pb2.Preference(
                topic=p.topic.key,
                label=p.topic.label,
                choice=p.choice,
                mandatory=p.topic.mandatory,
            )
            for p in found
        ]
    )

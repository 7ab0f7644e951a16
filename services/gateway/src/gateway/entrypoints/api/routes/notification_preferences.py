"""The caller's own notification preferences (kept by the notifier): per topic, email,
the tray only, the daily digest, or off."""

from __future__ import annotations

from custody_contracts.grpc import notifications_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import INVALID, UPSTREAM
from gateway.entrypoints.api.schemas.notification_preferences import (
    NotificationPreferencesPublic,
    NotificationPreferencesUpdate,
    preferences_public,
)

router = APIRouter(
    prefix="/users/me/notification-preferences", tags=["notifications"], responses=UPSTREAM
)


@router.get("")
async def read_notification_preferences(
    principal: CurrentPrincipal, upstream: UpstreamDep
) -> NotificationPreferencesPublic:
    """Every topic with the caller's choice (its default when never changed)."""
    found = await upstream.notifications.GetPreferences(
        notifications_pb2.GetPreferencesRequest(), metadata=call_metadata(principal)
    )
    return preferences_public(found)


@router.put("", responses=INVALID)
async def update_notification_preferences(
    body: NotificationPreferencesUpdate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> NotificationPreferencesPublic:
    """Saves the topics named; an unknown topic, or a change to a mandatory one, is 400
    and nothing is saved."""
    request = notifications_pb2.UpdatePreferencesRequest(
        preferences=[
            notifications_pb2.PreferenceChoice(topic=p.topic, choice=p.choice)
            for p in body.preferences
        ]
    )
    found = await upstream.notifications.UpdatePreferences(
        request, metadata=call_metadata(principal)
    )
    return preferences_public(found)

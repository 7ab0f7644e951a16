"""The caller's notification preferences, as the API shows and takes them."""

from __future__ import annotations

from typing import Literal

from custody_contracts.grpc import notifications_pb2
from pydantic import BaseModel, Field

Choice = Literal["email", "in_app", "digest", "off"]
CHOICE_HELP = (
    "email: by email and in the tray; in_app: in the tray only; digest: in the tray, and "
    "by email in one daily digest; off: neither"
)


class NotificationPreferencePublic(BaseModel):
    topic: str = Field(description="review_requested, request_decided, ..., webhook_disabled")
    label: str = Field(description="What the topic covers, in plain language")
    choice: Choice = Field(description=CHOICE_HELP)
    mandatory: bool = Field(description="A security notice: its choice cannot be changed")


class NotificationPreferencesPublic(BaseModel):
    preferences: list[NotificationPreferencePublic]


class NotificationPreferenceUpdate(BaseModel):
    topic: str = Field(min_length=1, max_length=64)
    choice: Choice = Field(description=CHOICE_HELP)


class NotificationPreferencesUpdate(BaseModel):
    """The topics to change; those not named keep their choice."""

    preferences: list[NotificationPreferenceUpdate] = Field(max_length=64)


def preferences_public(found: notifications_pb2.Preferences) -> NotificationPreferencesPublic:
    return NotificationPreferencesPublic(
        preferences=[
            NotificationPreferencePublic(
                topic=p.topic,
                label=p.label,
                choice=p.choice,  # type: ignore[arg-type]  # the notifier answers one of these
                mandatory=p.mandatory,
            )
            for p in found.preferences
        ]
    )

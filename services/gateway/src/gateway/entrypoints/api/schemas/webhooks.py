"""Outgoing webhooks: an organization's endpoints and their deliveries, as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from custody_contracts.grpc import webhooks_pb2
from custody_contracts.webhooks import WEBHOOK_EVENT_TYPES, WebhookEventType
from custody_platform.grpc.fields import read_time
from pydantic import AfterValidator, BaseModel, Field

from gateway.entrypoints.api.schemas.common import Line, Text, no_duplicates

EventTypes = Annotated[
    list[WebhookEventType],
    AfterValidator(no_duplicates),
    Field(
        min_length=1, max_length=len(WEBHOOK_EVENT_TYPES), json_schema_extra={"uniqueItems": True}
    ),
]
WebhookUrl = Annotated[
    Line,
    Field(
        min_length=8,
        max_length=2000,
        pattern=r"^https?://",
        description="https, on a host that resolves only to public addresses",
    ),
]
Description = Annotated[Text, Field(max_length=500)]


class WebhookCreate(BaseModel):
    url: WebhookUrl
    description: Description = ""
    event_types: EventTypes

    def to_proto(self) -> webhooks_pb2.CreateEndpointRequest:
        return webhooks_pb2.CreateEndpointRequest(
            url=self.url, description=self.description, event_types=list(self.event_types)
        )


class WebhookUpdate(BaseModel):
    url: WebhookUrl | None = None
    description: Description | None = None
    event_types: EventTypes | None = None
    enabled: bool | None = Field(default=None, description="true also forgives past failures")

    def to_proto(self, endpoint_id: uuid.UUID) -> webhooks_pb2.UpdateEndpointRequest:
        request = webhooks_pb2.UpdateEndpointRequest(id=str(endpoint_id))
        if self.url is not None:
            request.url = self.url
        if self.description is not None:
            request.description = self.description
        if self.event_types is not None:
            request.event_types.extend(self.event_types)
            request.set_event_types = True
        if self.enabled is not None:
            request.enabled = self.enabled
        return request


class WebhookPublic(BaseModel):
    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None = Field(description="Why the notifier disabled it, if it did")
    failing_since: datetime | None = Field(description="None while deliveries succeed")
    previous_secret_expires_at: datetime | None = Field(
        description="Until then the previous secret signs too (after a rotation)"
    )
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookPublic):
    secret: str = Field(description="whsec_...: shown this once; keep it to verify signatures")


class WebhooksPublic(BaseModel):
    items: list[WebhookPublic]
    count: int


class WebhookDeliveryPublic(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    event_id: uuid.UUID = Field(description="The webhook-id header: receivers dedupe on it")
    event_type: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(description="None: no answer")
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


class WebhookDeliveriesPublic(BaseModel):
    items: list[WebhookDeliveryPublic]
    total: int


def webhook_public(message: webhooks_pb2.Endpoint) -> WebhookPublic:
    return WebhookPublic(**_endpoint_fields(message))


def webhook_with_secret(message: webhooks_pb2.Endpoint) -> WebhookWithSecret:
    return WebhookWithSecret(**_endpoint_fields(message), secret=message.secret)


def _endpoint_fields(message: webhooks_pb2.Endpoint) -> dict[str, object]:
    return {
        "id": uuid.UUID(message.id),
        "url": message.url,
        "description": message.description,
        "event_types": list(message.event_types),
        "enabled": message.enabled,
        "disabled_reason": message.disabled_reason or None,
        "failing_since": read_time(message, "failing_since"),
        "previous_secret_expires_at": read_time(message, "previous_secret_expires_at"),
        "created_at": read_time(message, "created_at"),
        "updated_at": read_time(message, "updated_at"),
    }


def delivery_public(message: webhooks_pb2.Delivery) -> WebhookDeliveryPublic:
    return WebhookDeliveryPublic(
        id=uuid.UUID(message.id),
        webhook_id=uuid.UUID(message.endpoint_id),
        event_id=uuid.UUID(message.event_id),
        event_type=message.event_type,
        status=message.status,  # type: ignore[arg-type]
        attempts=message.attempts,
        next_attempt_at=read_time(message, "next_attempt_at"),
        last_attempt_at=read_time(message, "last_attempt_at"),
        last_status_code=message.last_status_code or None,
        last_error=message.last_error or None,
        delivered_at=read_time(message, "delivered_at"),
        created_at=read_time(message, "created_at"),  # type: ignore[arg-type]
    )

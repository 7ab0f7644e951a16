"""Webhook endpoints and deliveries as the Webhooks gRPC service answers them."""

from __future__ import annotations

from custody_contracts.grpc import webhooks_pb2
from custody_platform.grpc.fields import timestamp

from notifier.adapters.orm import WebhookDelivery, WebhookEndpoint


def endpoint_message(row: WebhookEndpoint, *, with_secret: bool = False) -> webhooks_pb2.Endpoint:
    return webhooks_pb2.Endpoint(
        id=str(row.id),
        org_id=str(row.org_id),
        url=row.url,
        description=row.description,
        event_types=row.event_types,
        enabled=row.enabled,
        secret=row.secret if with_secret else "",
        created_at=timestamp(row.created_at),
        updated_at=timestamp(row.updated_at),
        failing_since=timestamp(row.failing_since),
        disabled_reason=row.disabled_reason or "",
        previous_secret_expires_at=timestamp(row.previous_secret_expires_at),
    )


def delivery_message(row: WebhookDelivery) -> webhooks_pb2.Delivery:
    return webhooks_pb2.Delivery(
        id=str(row.id),
        endpoint_id=str(row.endpoint_id),
        event_id=str(row.event_id),
        event_type=row.event_type,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=timestamp(row.next_attempt_at),
        last_status_code=row.last_status_code or 0,
        last_error=row.last_error or "",
        delivered_at=timestamp(row.delivered_at),
        created_at=timestamp(row.created_at),
        last_attempt_at=timestamp(row.last_attempt_at),
    )

"""Outgoing webhooks of the caller's organization (org admins; kept and sent by the
notifier): endpoints, their secrets, their delivery log, redelivery and a test ping."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import webhooks_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import OrgAdmin, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, FORBIDDEN, GUARDED, UPSTREAM
from gateway.entrypoints.api.schemas.common import Limit, Offset
from gateway.entrypoints.api.schemas.webhooks import (
    WebhookCreate,
    WebhookDeliveriesPublic,
    WebhookDeliveryPublic,
    WebhookPublic,
    WebhooksPublic,
    WebhookUpdate,
    WebhookWithSecret,
    delivery_public,
    webhook_public,
    webhook_with_secret,
)

router = APIRouter(tags=["webhooks"], responses=UPSTREAM)


@router.get("/webhooks", responses=FORBIDDEN)
async def list_webhooks(principal: OrgAdmin, upstream: UpstreamDep) -> WebhooksPublic:
    """The organization's webhook endpoints (never their secrets)."""
    found = await upstream.webhooks.ListEndpoints(
        webhooks_pb2.ListEndpointsRequest(), metadata=call_metadata(principal)
    )
    items = [webhook_public(e) for e in found.endpoints]
    return WebhooksPublic(items=items, count=len(items))


@router.post("/webhooks", status_code=201, responses=CREATE)
async def create_webhook(
    body: WebhookCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookWithSecret:
    """A new endpoint; its URL is checked before it is saved (https, public addresses only).
    The signing secret is in this answer and never shown again."""
    made = await upstream.webhooks.CreateEndpoint(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return webhook_with_secret(made)


@router.get("/webhooks/{webhook_id}", responses=GUARDED)
async def read_webhook(
    webhook_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookPublic:
    """One of the organization's endpoints (another organization's answers 404)."""
    found = await upstream.webhooks.GetEndpoint(
        webhooks_pb2.GetEndpointRequest(id=str(webhook_id)), metadata=call_metadata(principal)
    )
    return webhook_public(found)


@router.patch("/webhooks/{webhook_id}", responses=CHANGE)
async def update_webhook(
    webhook_id: uuid.UUID, body: WebhookUpdate, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookPublic:
    """Changes what is given; a new URL is checked as on creation."""
    changed = await upstream.webhooks.UpdateEndpoint(
        body.to_proto(webhook_id), metadata=call_metadata(principal)
    )
    return webhook_public(changed)


@router.delete("/webhooks/{webhook_id}", status_code=204, responses=GUARDED)
async def delete_webhook(webhook_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep) -> None:
    """The endpoint and its delivery log; nothing more is sent to it."""
    await upstream.webhooks.DeleteEndpoint(
        webhooks_pb2.DeleteEndpointRequest(id=str(webhook_id)), metadata=call_metadata(principal)
    )


@router.post("/webhooks/{webhook_id}/rotate-secret", responses=GUARDED)
async def rotate_webhook_secret(
    webhook_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookWithSecret:
    """A new secret, shown once; the previous one also signs for 24 hours, so the receiver
    can switch without missing a message."""
    rotated = await upstream.webhooks.RotateSecret(
        webhooks_pb2.RotateSecretRequest(id=str(webhook_id)), metadata=call_metadata(principal)
    )
    return webhook_with_secret(rotated)


@router.get("/webhooks/{webhook_id}/deliveries", responses=GUARDED)
async def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    principal: OrgAdmin,
    upstream: UpstreamDep,
    limit: Annotated[Limit, Query()] = 50,
    offset: Annotated[Offset, Query()] = 0,
) -> WebhookDeliveriesPublic:
    """The endpoint's delivery log, newest first."""
    request = webhooks_pb2.ListDeliveriesRequest(
        endpoint_id=str(webhook_id), limit=limit, offset=offset
    )
    found = await upstream.webhooks.ListDeliveries(request, metadata=call_metadata(principal))
    return WebhookDeliveriesPublic(
        items=[delivery_public(d) for d in found.deliveries], total=found.total
    )


@router.post("/webhooks/{webhook_id}/test", status_code=202, responses=GUARDED)
async def test_webhook(
    webhook_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookDeliveryPublic:
    """Queues a `webhook.ping` message to the endpoint; its delivery tells how it went."""
    queued = await upstream.webhooks.SendTest(
        webhooks_pb2.SendTestRequest(endpoint_id=str(webhook_id)),
        metadata=call_metadata(principal),
    )
    return delivery_public(queued)


@router.post("/webhook-deliveries/{delivery_id}/redeliver", status_code=202, responses=GUARDED)
async def redeliver_webhook(
    delivery_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> WebhookDeliveryPublic:
    """Sends the same message (same webhook-id) again, with a fresh attempt count."""
    queued = await upstream.webhooks.Redeliver(
        webhooks_pb2.RedeliverRequest(id=str(delivery_id)), metadata=call_metadata(principal)
    )
    return delivery_public(queued)

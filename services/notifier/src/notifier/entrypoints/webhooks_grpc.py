"""The Webhooks gRPC servicer: the caller's organization's endpoints and deliveries, each call
one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from custody_contracts.grpc import webhooks_pb2, webhooks_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid, read_optional
from custody_platform.unit_of_work import UnitOfWork

from notifier.entrypoints.mappers import delivery_message, endpoint_message
from notifier.service_layer import webhook_deliveries, webhook_endpoints
from notifier.service_layer.webhook_endpoints import EndpointChange, UrlCheck

Context = grpc.aio.ServicerContext[Any, Any]


class WebhooksServicer(webhooks_pb2_grpc.WebhooksServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork], check: UrlCheck) -> None:
        self._uow = uow_factory
        self._check = check

    async def CreateEndpoint(self, request: Any, context: Context) -> webhooks_pb2.Endpoint:
        change = EndpointChange(request.url, request.description, list(request.event_types))
        async with self._uow() as uow:
            row = await webhook_endpoints.create(uow, current_principal(), self._check, change)
            message = endpoint_message(row, with_secret=True)
            await uow.commit()
        return message

    async def ListEndpoints(
        self, request: Any, context: Context
    ) -> webhooks_pb2.ListEndpointsResponse:
        async with self._uow() as uow:
            rows = await webhook_endpoints.list_all(uow, current_principal())
            return webhooks_pb2.ListEndpointsResponse(endpoints=[endpoint_message(r) for r in rows])

    async def GetEndpoint(self, request: Any, context: Context) -> webhooks_pb2.Endpoint:
        endpoint_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            return endpoint_message(
                await webhook_endpoints.get(uow, current_principal(), endpoint_id)
            )

    async def UpdateEndpoint(self, request: Any, context: Context) -> webhooks_pb2.Endpoint:
        endpoint_id = parse_uuid(request.id, "id")
        change = EndpointChange(
            url=read_optional(request, "url"),
            description=read_optional(request, "description"),
            event_types=list(request.event_types) if request.set_event_types else None,
            enabled=read_optional(request, "enabled"),
        )
        async with self._uow() as uow:
            row = await webhook_endpoints.update(
                uow, current_principal(), self._check, endpoint_id, change
            )
            message = endpoint_message(row)
            await uow.commit()
        return message

    async def DeleteEndpoint(
        self, request: Any, context: Context
    ) -> webhooks_pb2.DeleteEndpointResponse:
        endpoint_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            await webhook_endpoints.delete(uow, current_principal(), endpoint_id)
            await uow.commit()
        return webhooks_pb2.DeleteEndpointResponse()

    async def RotateSecret(self, request: Any, context: Context) -> webhooks_pb2.Endpoint:
        endpoint_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            row = await webhook_endpoints.rotate_secret(uow, current_principal(), endpoint_id)
            message = endpoint_message(row, with_secret=True)
            await uow.commit()
        return message

    async def ListDeliveries(
        self, request: Any, context: Context
    ) -> webhooks_pb2.ListDeliveriesResponse:
        endpoint_id = parse_uuid(request.endpoint_id, "endpoint_id")
        async with self._uow() as uow:
            rows, total = await webhook_deliveries.list_for(
                uow, current_principal(), endpoint_id, request.limit, request.offset
            )
            return webhooks_pb2.ListDeliveriesResponse(
                deliveries=[delivery_message(r) for r in rows], total=total
            )

    async def Redeliver(self, request: Any, context: Context) -> webhooks_pb2.Delivery:
        delivery_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            row = await webhook_deliveries.redeliver(uow, current_principal(), delivery_id)
            message = delivery_message(row)
            await uow.commit()
        return message

    async def SendTest(self, request: Any, context: Context) -> webhooks_pb2.Delivery:
        endpoint_id = parse_uuid(request.endpoint_id, "endpoint_id")
        async with self._uow() as uow:
            row = await webhook_deliveries.send_test(uow, current_principal(), endpoint_id)
            message = delivery_message(row)
            await uow.commit()
        return message

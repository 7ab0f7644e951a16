"""Stubs of the services behind the gateway, on channels of one shared GrpcClient.

Stubs are made on first use because a grpc.aio channel belongs to the running event loop,
which does not exist yet when bootstrap wires the service.
"""

from __future__ import annotations

import grpc
from custody_contracts.grpc import (
    audit_pb2_grpc,
    devices_pb2_grpc,
    evidence_pb2_grpc,
    notifications_pb2_grpc,
    redaction_pb2_grpc,
    registry_pb2_grpc,
    requests_pb2_grpc,
    webhooks_pb2_grpc,
)
from custody_platform.grpc.client import GrpcClient
from custody_platform.settings import ServiceSettings


class Upstream:
    def __init__(self, client: GrpcClient, settings: ServiceSettings) -> None:
        self._client = client
        self._settings = settings

    @property
    def registry(self) -> registry_pb2_grpc.RegistryStub:
        return registry_pb2_grpc.RegistryStub(self._channel(self._settings.registry_grpc_addr))

    @property
    def requests(self) -> requests_pb2_grpc.RequestsStub:
        return requests_pb2_grpc.RequestsStub(self._channel(self._settings.requests_grpc_addr))

    @property
    def evidence(self) -> evidence_pb2_grpc.EvidenceStub:
        return evidence_pb2_grpc.EvidenceStub(self._channel(self._settings.evidence_grpc_addr))

    @property
    def devices(self) -> devices_pb2_grpc.DevicesStub:
        return devices_pb2_grpc.DevicesStub(self._channel(self._settings.device_gateway_grpc_addr))

    @property
    def audit(self) -> audit_pb2_grpc.AuditStub:
        return audit_pb2_grpc.AuditStub(self._channel(self._settings.audit_grpc_addr))

    @property
    def redaction(self) -> redaction_pb2_grpc.RedactionStub:
        return redaction_pb2_grpc.RedactionStub(self._channel(self._settings.redaction_grpc_addr))

    @property
    def notifications(self) -> notifications_pb2_grpc.NotificationsStub:
        target = self._settings.notifier_grpc_addr
        return notifications_pb2_grpc.NotificationsStub(self._channel(target))

    @property
    def webhooks(self) -> webhooks_pb2_grpc.WebhooksStub:
        return webhooks_pb2_grpc.WebhooksStub(self._channel(self._settings.notifier_grpc_addr))

    def _channel(self, target: str) -> grpc.aio.Channel:
        return self._client.channel(target)

    async def close(self) -> None:
        await self._client.close()

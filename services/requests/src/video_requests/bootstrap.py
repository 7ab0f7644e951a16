"""The only place that wires the requests service's dependencies."""

from __future__ import annotations

from custody_contracts import topics
from custody_contracts.grpc import requests_pb2_grpc
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime

from video_requests.adapters.clients import RegistryClient
from video_requests.config import Settings
from video_requests.entrypoints.grpc_api import Dependencies, RequestsServicer
from video_requests.entrypoints.handlers import HANDLERS
from video_requests.entrypoints.workers import sla_worker
from video_requests.service_layer.clock import SlaClock


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "requests runs with video_requests.config.Settings"
    grpc_client = GrpcClient()
    registry = RegistryClient(grpc_client, settings.registry_grpc_addr)
    clock = SlaClock(settings.sla_hour_seconds, settings.sla_reminder_share)
    servicer = RequestsServicer(Dependencies(runtime.uow, registry, registry, clock))
    projector = runtime.consumer("requests-projector", HANDLERS)
    return ServiceParts(
        grpc_servicers=[(requests_pb2_grpc.add_RequestsServicer_to_server, servicer)],
        consumers=[(projector, [topics.EVIDENCE, topics.DEVICE_GATEWAY])],
        workers=[sla_worker(runtime.uow, settings.sla_interval_seconds)],
        on_stop=[grpc_client.close],
    )

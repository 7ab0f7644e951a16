"""The only place that wires the requests service's dependencies."""

from __future__ import annotations

from datetime import timedelta

from custody_contracts import topics
from custody_contracts.grpc import requests_pb2_grpc
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime

from video_requests.adapters.clients import RegistryCameras
from video_requests.config import Settings
from video_requests.domain.requests import Policy
from video_requests.entrypoints.grpc_api import RequestsServicer
from video_requests.entrypoints.handlers import HANDLERS


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    hours = settings.max_line_item_hours if isinstance(settings, Settings) else 12.0
    grpc_client = GrpcClient()
    cameras = RegistryCameras(grpc_client, settings.registry_grpc_addr)
    servicer = RequestsServicer(runtime.uow, cameras, Policy(max_span=timedelta(hours=hours)))
    projector = runtime.consumer("requests-projector", HANDLERS)
    return ServiceParts(
        grpc_servicers=[(requests_pb2_grpc.add_RequestsServicer_to_server, servicer)],
        consumers=[(projector, [topics.EVIDENCE, topics.DEVICE_GATEWAY])],
        on_stop=[grpc_client.close],
    )

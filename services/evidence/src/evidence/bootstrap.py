"""The only place that wires the evidence service: object store, consumer, gRPC servicer."""

from __future__ import annotations

from custody_contracts import topics
from custody_contracts.grpc import evidence_pb2_grpc
from custody_platform.objectstore import object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from evidence.config import Settings
from evidence.entrypoints.grpc_api import EvidenceServicer
from evidence.entrypoints.handlers import build_handlers


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "evidence runs with evidence.config.Settings"
    store = object_store_from_settings(settings)
    consumer = runtime.consumer("evidence-ingest", build_handlers(store))
    servicer = EvidenceServicer(runtime.uow, store, settings.download_chunk_bytes)
    return ServiceParts(
        consumers=[(consumer, [topics.DEVICE_GATEWAY])],
        grpc_servicers=[(evidence_pb2_grpc.add_EvidenceServicer_to_server, servicer)],
    )

"""The only place that wires the evidence service: object store, consumer, gRPC servicer,
the processing and purge workers, the device gateway client for upload grants and the
gateway's Identity service for the users that cases and grants name."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from custody_contracts import topics
from custody_contracts.grpc import evidence_pb2_grpc
from custody_platform.grpc.client import GrpcClient
from custody_platform.metrics import OBJECT_INTEGRITY_FAILURES
from custody_platform.objectstore import object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from evidence.adapters.clients import Directory, UploadGrants
from evidence.config import Settings
from evidence.entrypoints.deps import EvidenceDeps
from evidence.entrypoints.grpc_api import EvidenceServicer
from evidence.entrypoints.handlers import build_handlers
from evidence.entrypoints.workers import run_processing, run_purge
from evidence.service_layer.processing import ProcessingPolicy
from evidence.service_layer.streaming import StreamLimits


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "evidence runs with evidence.config.Settings"
    store = object_store_from_settings(settings)
    OBJECT_INTEGRITY_FAILURES.labels("evidence")  # exported at 0: dashboards show none, not nothing
    consumer = runtime.consumer("evidence-ingest", build_handlers(store))
    clients = GrpcClient()
    deps = EvidenceDeps(
        uow=runtime.uow,
        store=store,
        grants=UploadGrants(clients, settings.device_gateway_grpc_addr),
        directory=Directory(clients, settings.gateway_grpc_addr),
        chunk_size=settings.download_chunk_bytes,
        stream_limits=StreamLimits(settings.verify_block_bytes, settings.view_only_range_bytes),
        restore_window_days=settings.restore_window_days,
        lock_mode=None if settings.object_lock_mode == "off" else settings.object_lock_mode,
    )
    policy = ProcessingPolicy(
        block_size=settings.verify_block_bytes,
        max_attempts=settings.processing_max_attempts,
        retry_delay=timedelta(seconds=settings.processing_retry_seconds),
    )
    processing = partial(
        run_processing, runtime.uow, store, policy, settings.processing_idle_seconds
    )
    window = timedelta(days=settings.restore_window_days)
    purge = partial(run_purge, runtime.uow, store, window, settings.purge_interval_seconds)
    return ServiceParts(
        consumers=[(consumer, [topics.DEVICE_GATEWAY, topics.REQUESTS])],
        grpc_servicers=[(evidence_pb2_grpc.add_EvidenceServicer_to_server, EvidenceServicer(deps))],
        workers=[processing, purge],
        on_stop=[clients.close],
    )

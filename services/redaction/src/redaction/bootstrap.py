"""The only place that wires the redaction service: intake consumer, gRPC API, job workers."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from custody_contracts import topics
from custody_contracts.grpc import redaction_pb2_grpc
from custody_platform.grpc import GrpcClient
from custody_platform.objectstore import ObjectStore, object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from redaction import pipeline
from redaction.adapters.c2pa_keys import C2paAuthority
from redaction.adapters.c2pa_signing import C2paSigner
from redaction.adapters.evidence import EvidenceClient
from redaction.config import Settings
from redaction.entrypoints.grpc_api import RedactionServicer
from redaction.entrypoints.handlers import HANDLERS
from redaction.entrypoints.queue_watch import queue_watch
from redaction.entrypoints.worker import job_worker
from redaction.service_layer.ports import WorkerDeps, WorkerTiming

QUEUE_WATCH_SECONDS = 15.0  # Prometheus's scrape interval


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings), "redaction runs with redaction.config.Settings"
    store = object_store_from_settings(settings)
    clients = GrpcClient()
    workers = [
        job_worker(worker_deps(runtime, settings, store, clients, index))
        for index in range(settings.redaction_workers)
    ]
    workers.append(queue_watch(runtime.uow, QUEUE_WATCH_SECONDS))
    items = EvidenceClient(clients, settings.evidence_grpc_addr)
    servicer = RedactionServicer(runtime.uow, store, items, c2pa_authority(settings))
    return ServiceParts(
        consumers=[(runtime.consumer("intake", HANDLERS), [topics.EVIDENCE])],
        grpc_servicers=[(redaction_pb2_grpc.add_RedactionServicer_to_server, servicer)],
        workers=workers,
        on_stop=[clients.close],
    )


def worker_deps(
    runtime: ServiceRuntime, settings: Settings, store: ObjectStore, clients: GrpcClient, index: int
) -> WorkerDeps:
    return WorkerDeps(
        uow_factory=runtime.uow,
        store=store,
        evidence=EvidenceClient(clients, settings.evidence_grpc_addr),
        pipeline=pipeline,
        credentials=C2paSigner(c2pa_authority(settings)),
        timing=WorkerTiming(
            lease=timedelta(seconds=settings.redaction_lease_seconds),
            heartbeat_s=settings.redaction_heartbeat_seconds,
            progress_s=settings.redaction_progress_seconds,
            poll_s=settings.redaction_poll_seconds,
            max_attempts=settings.redaction_max_attempts,
        ),
        work_dir=settings.redaction_work_dir,
        worker_id=f"{socket.gethostname()}:{os.getpid()}:{index}",
    )


def c2pa_authority(settings: Settings) -> C2paAuthority:
    """Made on first start except in production, which must be given its key (decision 0049)."""
    return C2paAuthority(settings.c2pa_ca_key_path, create=settings.custody_env != "production")

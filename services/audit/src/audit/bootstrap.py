"""The only place that wires the audit service: the ledger consumer, the Audit servicer, the
tree-head schedule, the disclosure builder and the signing key."""

from __future__ import annotations

from custody_contracts import topics
from custody_contracts.grpc import audit_pb2_grpc
from custody_platform.grpc.client import GrpcClient
from custody_platform.objectstore import object_store_from_settings
from custody_platform.runtime import ServiceParts, ServiceRuntime

from audit.adapters.evidence import EvidenceSource
from audit.adapters.signing_key import LedgerKey
from audit.config import Settings
from audit.entrypoints.builder import DisclosureBuilder
from audit.entrypoints.grpc_api import LedgerServicer
from audit.entrypoints.handlers import EVENTS, on_audit_records
from audit.entrypoints.workers import tree_head_signer
from audit.service_layer.packaging import Packager


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    _connect_as_writer(runtime, settings)
    key = LedgerKey(settings.ledger_signing_key_path, create=settings.custody_env != "production")
    evidence = EvidenceSource(GrpcClient(), settings.evidence_grpc_addr)
    packager = Packager(
        evidence=evidence,
        store=object_store_from_settings(settings),
        key=key,
        acknowledge_url=f"{settings.public_base_url}/api/v1/disclosures/acknowledge",
        acknowledge_page=settings.web_public_url.rstrip("/"),
    )
    consumer = runtime.batch_consumer("ledger", EVENTS, on_audit_records, dedupes_itself=True)
    builder = DisclosureBuilder(runtime.uow, packager)
    servicer = LedgerServicer(runtime.uow, packager, builder)
    interval = settings.tree_head_interval_seconds
    return ServiceParts(
        consumers=[(consumer, [topics.AUDIT_RECORDS])],
        grpc_servicers=[(audit_pb2_grpc.add_AuditServicer_to_server, servicer)],
        workers=[tree_head_signer(runtime.uow, key, interval), builder.run],
        on_stop=[evidence.close],
    )


def _connect_as_writer(runtime: ServiceRuntime, settings: Settings) -> None:
    """Migrations have run as the owner (DATABASE_URL); from here on the service connects as
    the insert-and-select role. Nothing has connected or started yet, so the runtime's
    engine, relay and clients are simply rebuilt on the writer's URL."""
    if settings.audit_writer_database_url:
        writer = settings.model_copy(update={"database_url": settings.audit_writer_database_url})
        ServiceRuntime.__init__(runtime, writer)

"""The only place that wires the audit service: the ledger consumer and the Audit servicer."""

from __future__ import annotations

from custody_contracts import topics
from custody_contracts.grpc import audit_pb2_grpc
from custody_platform.runtime import ServiceParts, ServiceRuntime

from audit.entrypoints.grpc_api import AuditServicer
from audit.entrypoints.handlers import HANDLERS


def build(runtime: ServiceRuntime) -> ServiceParts:
    consumer = runtime.consumer("ledger", HANDLERS)
    return ServiceParts(
        consumers=[(consumer, [topics.AUDIT_RECORDS])],
        grpc_servicers=[(audit_pb2_grpc.add_AuditServicer_to_server, AuditServicer(runtime.uow))],
    )

"""gRPC server and client helpers: principal and request id in metadata, health, metrics,
DomainError <-> status mapping. Domain errors themselves live in ``custody_platform.errors``.
"""

from custody_platform.errors import (
    Conflict,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from custody_platform.grpc.client import GrpcClient, call_metadata, domain_errors
from custody_platform.grpc.context import (
    bind_call_context,
    current_principal,
    current_request_id,
    optional_principal,
)
from custody_platform.grpc.errors import raise_domain_error, status_for
from custody_platform.grpc.server import GrpcServer, start_grpc_server

__all__ = [
    "Conflict",
    "DomainError",
    "FailedPrecondition",
    "GrpcClient",
    "GrpcServer",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "Unauthenticated",
    "bind_call_context",
    "call_metadata",
    "current_principal",
    "current_request_id",
    "domain_errors",
    "optional_principal",
    "raise_domain_error",
    "start_grpc_server",
    "status_for",
]

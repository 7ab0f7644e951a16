"""gRPC latency histograms, server and client side, labelled by gRPC service, method, code.
The gRPC service is `grpc_service`: `service` names the Custody service in every series."""

from __future__ import annotations

from prometheus_client import Histogram

# Up to 300 s: server-streaming downloads of evidence run for minutes.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

GRPC_SERVER_LATENCY = Histogram(
    "custody_grpc_server_handling_seconds",
    "Time to handle a gRPC call on the server, until the last message was sent",
    ["grpc_service", "method", "code"],
    buckets=_BUCKETS,
)
GRPC_CLIENT_LATENCY = Histogram(
    "custody_grpc_client_handling_seconds",
    "Time from starting a gRPC call to its final status, seen by the client",
    ["grpc_service", "method", "code"],
    buckets=_BUCKETS,
)


def split_method(full_method: str | bytes) -> tuple[str, str]:
    """'/custody.v1.Identity/GetUser' -> ('custody.v1.Identity', 'GetUser')."""
    text = full_method.decode() if isinstance(full_method, bytes) else full_method
    service, _, method = text.lstrip("/").rpartition("/")
    return service or "unknown", method or "unknown"

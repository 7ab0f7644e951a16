"""What the evidence RPCs need, built once by bootstrap; imported by every servicer module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
from custody_contracts.grpc import evidence_pb2_grpc
from custody_platform.objectstore import LockMode, ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters.clients import Directory, UploadGrants
from evidence.service_layer.streaming import StreamLimits

Context = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class EvidenceDeps:
    uow: Callable[[], UnitOfWork]
    store: ObjectStore
    grants: UploadGrants
    directory: Directory
    chunk_size: int
    stream_limits: StreamLimits
    restore_window_days: float
    lock_mode: LockMode | None = None  # S3 object lock of originals once a case closes


class EvidenceRpcs(evidence_pb2_grpc.EvidenceServicer):
    """The base of every group of RPCs; EvidenceServicer (grpc_api.py) composes them.
    Results are mapped inside the unit of work: leaving it rolls back and expires rows."""

    def __init__(self, deps: EvidenceDeps) -> None:
        self._deps = deps
        self._uow = deps.uow

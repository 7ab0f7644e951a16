"""The Redaction gRPC servicer: parse, call one service-layer function, map the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from custody_contracts.grpc import redaction_pb2, redaction_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from redaction.entrypoints.mappers import (
    boxes_message,
    certificate_message,
    coverage_message,
    job_message,
    plan_fields,
)
from redaction.service_layer import jobs
from redaction.service_layer.ports import CaCertificate, ItemAccess

Context = grpc.aio.ServicerContext[Any, Any]


class RedactionServicer(redaction_pb2_grpc.RedactionServicer):
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        store: ObjectStore,
        items: ItemAccess,
        ca: CaCertificate,
    ) -> None:
        self._uow = uow_factory
        self._store = store
        self._items = items
        self._ca = ca

    async def GetJob(self, request: Any, context: Context) -> redaction_pb2.RedactionJob:
        async with self._uow() as uow:
            view = await jobs.get_job(
                uow, self._items, current_principal(), parse_uuid(request.id, "id")
            )
            return job_message(view)

    async def ListJobs(
        self, request: Any, context: Context
    ) -> redaction_pb2.ListRedactionJobsResponse:
        evidence_id = parse_uuid(request.evidence_id, "evidence_id")
        async with self._uow() as uow:
            views = await jobs.list_jobs(uow, current_principal(), evidence_id)
            return redaction_pb2.ListRedactionJobsResponse(jobs=[job_message(v) for v in views])

    async def SubmitReview(self, request: Any, context: Context) -> redaction_pb2.RedactionJob:
        job_id = parse_uuid(request.job_id, "job_id")
        async with self._uow() as uow:
            view = await jobs.submit_review(uow, current_principal(), job_id, plan_fields(request))
            await uow.commit()
            return job_message(view)

    async def CancelJob(self, request: Any, context: Context) -> redaction_pb2.RedactionJob:
        job_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            view = await jobs.cancel_job(uow, current_principal(), job_id)
            await uow.commit()
            return job_message(view)

    async def GetTrackThumbnail(
        self, request: Any, context: Context
    ) -> redaction_pb2.TrackThumbnail:
        job_id = parse_uuid(request.job_id, "job_id")
        async with self._uow() as uow:
            jpeg = await jobs.thumbnail(
                uow, self._items, self._store, current_principal(), job_id, request.track_id
            )
        return redaction_pb2.TrackThumbnail(jpeg=jpeg)

    async def ListTrackBoxes(self, request: Any, context: Context) -> redaction_pb2.TrackBoxes:
        job_id = parse_uuid(request.job_id, "job_id")
        async with self._uow() as uow:
            found = await jobs.track_boxes(
                uow, self._items, current_principal(), job_id, request.from_frame, request.frames
            )
        return boxes_message(found)

    async def GetManifest(self, request: Any, context: Context) -> redaction_pb2.RedactionManifest:
        job_id = parse_uuid(request.job_id, "job_id")
        async with self._uow() as uow:
            body, sha256 = await jobs.manifest(
                uow, self._items, self._store, current_principal(), job_id
            )
        return redaction_pb2.RedactionManifest(json=body.decode(), sha256=sha256)

    async def GetCoverage(self, request: Any, context: Context) -> redaction_pb2.RedactionCoverage:
        job_id = parse_uuid(request.job_id, "job_id")
        async with self._uow() as uow:
            found = await jobs.job_coverage(uow, self._items, current_principal(), job_id)
        return coverage_message(found)

    async def GetC2paCertificate(
        self, request: Any, context: Context
    ) -> redaction_pb2.C2paCertificate:
        """No principal: whoever received a redacted copy may check it. The key file is read
        each time, so after a rotation the new CA's certificate is served at once."""
        return certificate_message(self._ca.ca_certificate_pem())

"""A job's coverage as stored with it in the real database and served over gRPC: read like
the job (another organization's is NOT_FOUND), and NOT_FOUND where there is none (a photo,
or a job analysed before coverage was kept)."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import redaction_pb2, redaction_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.grpc import GrpcClient, call_metadata, start_grpc_server
from custody_platform.runtime import ServiceRuntime
from redaction.adapters.orm import Job
from redaction.domain.coverage import COVERAGE_KEY, coverage
from redaction.domain.media import Analysis, MediaInfo, Track

from .conftest import redaction_servicer

pytestmark = pytest.mark.integration

MEDIA = MediaInfo(
    kind="video", width=640, height=360, fps=30.0, frame_count=300, duration_s=10.0,
    has_audio=False, video_codec="h264",
)  # fmt: skip
# Seen at 0 and 120, missed at 60 (tracking carried it), lost mid-picture after 120.
FACE = Track(
    id=1, kind="face", boxes={f: (300.0, 100.0, 340.0, 150.0) for f in range(0, 150)},
    score=0.9, hits={0: 0.9, 120: 0.8}, misses=[60],
)  # fmt: skip


async def _job(runtime: ServiceRuntime, org: uuid.UUID, media: dict[str, Any]) -> Job:
    job = Job(
        id=uuid.uuid4(), evidence_id=uuid.uuid4(), case_id=uuid.uuid4(), org_id=org,
        object_key="sha256/00/00/" + "0" * 64, sha256="0" * 64, requested_by=uuid.uuid4(),
        status="awaiting_review", media=media,
    )  # fmt: skip
    async with runtime.uow() as uow:
        uow.session.add(job)
        await uow.commit()
    return job


async def test_coverage_is_served_like_the_job(runtime: ServiceRuntime, tmp_path: Any) -> None:
    org = uuid.uuid4()
    found = coverage(Analysis(media=MEDIA, tracks=[FACE]))
    media = MEDIA.model_dump(mode="json")
    job = await _job(runtime, org, media | {COVERAGE_KEY: found.model_dump(mode="json")})
    older = await _job(runtime, org, media)
    user = Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset({"investigator"}))
    outsider = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4())
    servicer = redaction_servicer(runtime, tmp_path)
    server = await start_grpc_server(
        [(redaction_pb2_grpc.add_RedactionServicer_to_server, servicer)],
        port=0,
        service_name="redaction",
        host="127.0.0.1",
    )
    try:
        async with GrpcClient() as clients:
            stub = redaction_pb2_grpc.RedactionStub(clients.channel(f"127.0.0.1:{server.port}"))
            ask = redaction_pb2.GetRedactionCoverageRequest
            got = await stub.GetCoverage(ask(job_id=str(job.id)), metadata=call_metadata(user))
            assert (got.frames, got.detected_frames, got.carried_frames) == (300, 2, 148)
            assert [(s.start_frame, s.end_frame, s.state) for s in got.segments] == [
                (0, 0, "detected"), (1, 119, "carried"), (120, 120, "detected"),
                (121, 149, "carried"), (150, 299, "none"),
            ]  # fmt: skip
            assert [(m.reason, m.start_frame, m.track_id) for m in got.moments] == [
                ("missed", 1, 1), ("abrupt_end", 120, 1),
            ]  # fmt: skip
            job_message = await stub.GetJob(
                redaction_pb2.GetRedactionJobRequest(id=str(job.id)), metadata=call_metadata(user)
            )
            assert job_message.media.frame_count == 300  # the media beside it reads as before
            for job_id, who in ((job.id, outsider), (older.id, user)):
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await stub.GetCoverage(ask(job_id=str(job_id)), metadata=call_metadata(who))
                assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    finally:
        await server.stop(None)

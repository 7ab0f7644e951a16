"""Detected boxes read page by page from the job's track rows in the real database and over
gRPC: upright for a phone video, scoped like the job (other orgs and ungranted guests see
nothing), bad windows refused."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import redaction_pb2, redaction_pb2_grpc
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.grpc import GrpcClient, call_metadata, start_grpc_server
from custody_platform.runtime import ServiceRuntime
from redaction.adapters.orm import Job, Track
from redaction.service_layer import jobs

from .conftest import NO_GRANTS, GrantedItems, redaction_servicer

pytestmark = pytest.mark.integration

# A phone video: coded 640x360, shown turned 90 degrees counter-clockwise as 360x640.
MEDIA = {"kind": "video", "width": 360, "height": 640, "fps": 30.0, "frame_count": 300,
         "duration_s": 10.0, "has_audio": False, "video_codec": "h264", "rotation": 90}  # fmt: skip


def _track(job_id: uuid.UUID, track_id: int, frames: range) -> Track:
    return Track(
        job_id=job_id, track_id=track_id, kind="face", score=0.9, first_frame=frames[0],
        last_frame=frames[-1], frame_count=len(frames),
        boxes={str(f): [100, 10, 160, 50] for f in frames},
    )  # fmt: skip


async def _job(runtime: ServiceRuntime) -> tuple[Job, Principal]:
    org = uuid.uuid4()
    job = Job(
        id=uuid.uuid4(), evidence_id=uuid.uuid4(), case_id=uuid.uuid4(), org_id=org,
        object_key="sha256/00/00/" + "0" * 64, sha256="0" * 64, requested_by=uuid.uuid4(),
        status="awaiting_review", media=MEDIA,
    )  # fmt: skip
    async with runtime.uow() as uow:
        uow.session.add(job)
        await uow.session.flush()
        uow.session.add_all([_track(job.id, 1, range(0, 20)), _track(job.id, 2, range(250, 260))])
        await uow.commit()
    return job, Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset({"investigator"}))


async def test_pages_of_upright_boxes(runtime: ServiceRuntime) -> None:
    job, user = await _job(runtime)
    async with runtime.uow() as uow:
        first = await jobs.track_boxes(uow, NO_GRANTS, user, job.id, 10, 100)
        last = await jobs.track_boxes(uow, NO_GRANTS, user, job.id, 200, 100)
        after = await jobs.track_boxes(uow, NO_GRANTS, user, job.id, 260, 100)
    assert [(b.track_id, b.frame) for b in first.boxes] == [(1, f) for f in range(10, 20)]
    assert (first.to_frame, first.more) == (110, True)  # track 2 is still to come
    assert first.boxes[0].box == (10.0, 480.0, 50.0, 540.0)  # turned: x = y, y = 640 - x
    assert ([b.frame for b in last.boxes], last.more) == (list(range(250, 260)), False)
    assert (after.boxes, after.more) == ([], False)


async def test_boxes_are_read_like_the_job(runtime: ServiceRuntime) -> None:
    job, user = await _job(runtime)
    outsider = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4())
    guest = Principal(user_id=uuid.uuid4(), org_id=user.org_id, roles=frozenset({ROLE_GUEST}))
    items = GrantedItems()
    async with runtime.uow() as uow:
        for who in (outsider, guest):
            with pytest.raises(NotFound):
                await jobs.track_boxes(uow, items, who, job.id, 0, 10)
        with pytest.raises(InvalidArgument):
            await jobs.track_boxes(uow, items, user, job.id, 0, 1001)
        items.granted.add((guest.user_id, job.evidence_id))
        assert len((await jobs.track_boxes(uow, items, guest, job.id, 0, 10)).boxes) == 10


async def test_grpc_answers_boxes_and_refuses_bad_windows(
    runtime: ServiceRuntime, tmp_path: Any
) -> None:
    job, user = await _job(runtime)
    servicer = redaction_servicer(runtime, tmp_path)
    server = await start_grpc_server(
        [(redaction_pb2_grpc.add_RedactionServicer_to_server, servicer)],
        port=0,
        service_name="redaction",
        host="127.0.0.1",
    )
    async with GrpcClient() as clients:
        stub = redaction_pb2_grpc.RedactionStub(clients.channel(f"127.0.0.1:{server.port}"))
        ask = redaction_pb2.ListTrackBoxesRequest
        found = await stub.ListTrackBoxes(
            ask(job_id=str(job.id), from_frame=0, frames=5), metadata=call_metadata(user)
        )
        assert (found.to_frame, found.more, len(found.boxes)) == (5, True, 5)
        assert (found.boxes[0].x1, found.boxes[0].y1) == (10.0, 480.0)
        refusals = [(ask(job_id=str(job.id), frames=0), user, grpc.StatusCode.INVALID_ARGUMENT),
                    (ask(job_id=str(job.id), frames=5), Principal(user_id=uuid.uuid4(),
                     org_id=uuid.uuid4()), grpc.StatusCode.NOT_FOUND)]  # fmt: skip
        for request, who, code in refusals:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.ListTrackBoxes(request, metadata=call_metadata(who))
            assert refused.value.code() == code
        job_message = await stub.GetJob(
            redaction_pb2.GetRedactionJobRequest(id=str(job.id)), metadata=call_metadata(user)
        )
        assert (job_message.media.width, job_message.media.height) == (360, 640)
    await server.stop(None)

"""Reviewing and cancelling through the service layer and the gRPC API, on job rows in the
real database: validation changes nothing, other orgs see nothing, guests may not redact."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import redaction_pb2, redaction_pb2_grpc
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.grpc import GrpcClient, call_metadata, start_grpc_server
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceRuntime
from redaction.adapters.orm import Job, Track
from redaction.service_layer import jobs
from sqlalchemy import text

from .conftest import NO_GRANTS, GrantedItems, redaction_servicer

pytestmark = pytest.mark.integration

MEDIA = {
    "kind": "video",
    "width": 640,
    "height": 360,
    "fps": 30.0,
    "frame_count": 90,
    "duration_s": 3.0,
    "has_audio": False,
    "video_codec": "h264",
}


async def _analysed_job(runtime: ServiceRuntime) -> tuple[uuid.UUID, Principal]:
    org = uuid.uuid4()
    job = Job(
        id=uuid.uuid4(),
        evidence_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        org_id=org,
        object_key="sha256/00/00/" + "0" * 64,
        sha256="0" * 64,
        requested_by=uuid.uuid4(),
        status="awaiting_review",
        media=MEDIA,
    )
    async with runtime.uow() as uow:
        uow.session.add(job)
        await uow.session.flush()
        for track_id in (1, 2):
            uow.session.add(
                Track(
                    job_id=job.id,
                    track_id=track_id,
                    kind="face",
                    score=0.9,
                    first_frame=0,
                    last_frame=1,
                    frame_count=2,
                    boxes={"0": [1, 2, 30, 40], "1": [2, 3, 31, 41]},
                )
            )
        await uow.commit()
    return job.id, Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset({"investigator"}))


async def _row(runtime: ServiceRuntime, job_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        query = text("SELECT status, plan, reviewed_by FROM redaction.jobs WHERE id = :j")
        return dict((await conn.execute(query, {"j": job_id})).mappings().one())


def _mask(shape: str, points: list[tuple[float, float]], time_s: float = 0.5) -> dict[str, Any]:
    keyframes = [{"time_s": time_s, "points": points}]
    return {"id": "m1", "shape": shape, "keyframes": keyframes, "start_s": 0.0, "end_s": 1.0}


BAD_REVIEWS = [
    ({"selection": "only", "track_ids": [1, 7]}, "unknown track ids: 7"),
    ({"manual_masks": [_mask("rect", [(0, 0), (10, 10)], time_s=4.0)]}, "outside the media"),
    ({"manual_masks": [_mask("polygon", [(0, 0), (10, 10)])]}, "polygon keyframe needs 3"),
    ({"manual_masks": [_mask("rect", [(0, 0), (900, 10)])]}, "outside the 640x360 frame"),
    ({"style": "smudge"}, "style"),
    ({"audio": {"mute_ranges": [(0.0, 1.0)]}}, "no audio track"),
]


@pytest.mark.parametrize(("review", "message"), BAD_REVIEWS)
async def test_a_bad_review_is_refused_and_changes_nothing(
    runtime: ServiceRuntime, review: dict[str, Any], message: str
) -> None:
    job_id, user = await _analysed_job(runtime)
    async with runtime.uow() as uow:
        with pytest.raises(InvalidArgument, match=message):
            await jobs.submit_review(uow, user, job_id, review)
    assert await _row(runtime, job_id) == {
        "status": "awaiting_review",
        "plan": None,
        "reviewed_by": None,
    }


async def test_review_hands_the_job_to_the_renderer_once(runtime: ServiceRuntime) -> None:
    job_id, user = await _analysed_job(runtime)
    review = {
        "selection": "all_but",
        "track_ids": [2],
        "manual_masks": [_mask("polygon", [(0, 0), (50, 0), (25, 40)])],
        "style": "pixelate",
        "margin": 0.3,
    }
    async with runtime.uow() as uow:
        view = await jobs.submit_review(uow, user, job_id, review)
        await uow.commit()
    assert view.job.status == "rendering"
    row = await _row(runtime, job_id)
    assert row["reviewed_by"] == user.user_id
    assert (row["plan"]["selection"], row["plan"]["track_ids"], row["plan"]["style"]) == (
        "all_but",
        [2],
        "pixelate",
    )
    async with runtime.uow() as uow:
        with pytest.raises(Conflict) as conflict:
            await jobs.submit_review(uow, user, job_id, review)
    assert conflict.value.current_state == "rendering"
    async with runtime.engine.connect() as conn:
        changes = (
            await conn.execute(
                text(
                    "SELECT payload::jsonb->>'status', payload::jsonb->>'actor_user_id' "
                    "FROM redaction.outbox "
                    "WHERE event_type = 'redaction.status_changed.v1' "
                    "AND payload::jsonb->>'job_id' = :j"
                ),
                {"j": str(job_id)},
            )
        ).all()
    assert [tuple(c) for c in changes] == [("rendering", str(user.user_id))]


async def test_other_orgs_and_guests(runtime: ServiceRuntime) -> None:
    job_id, user = await _analysed_job(runtime)
    outsider = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4())
    guest = Principal(user_id=uuid.uuid4(), org_id=user.org_id, roles=frozenset({ROLE_GUEST}))
    async with runtime.uow() as uow:
        with pytest.raises(NotFound):
            await jobs.get_job(uow, NO_GRANTS, outsider, job_id)
        with pytest.raises(NotFound):
            await jobs.submit_review(uow, outsider, job_id, {})
        with pytest.raises(NotFound):
            await jobs.cancel_job(uow, outsider, job_id)
        assert (
            await jobs.list_jobs(
                uow, outsider, (await jobs.get_job(uow, NO_GRANTS, user, job_id)).job.evidence_id
            )
            == []
        )
        with pytest.raises(PermissionDenied):
            await jobs.submit_review(uow, guest, job_id, {})
        with pytest.raises(PermissionDenied):
            await jobs.cancel_job(uow, guest, job_id)
    assert (await _row(runtime, job_id))["status"] == "awaiting_review"


async def test_a_guest_reads_only_jobs_of_items_granted_to_it(
    runtime: ServiceRuntime, tmp_path: Any
) -> None:
    """A guest carries the inviting organization's id: that alone must not open its jobs."""
    job_id, user = await _analysed_job(runtime)
    guest = Principal(user_id=uuid.uuid4(), org_id=user.org_id, roles=frozenset({ROLE_GUEST}))
    store, items = FilesystemObjectStore(tmp_path), GrantedItems()
    async with runtime.uow() as uow:
        evidence_id = (await jobs.get_job(uow, items, user, job_id)).job.evidence_id
        with pytest.raises(NotFound):
            await jobs.get_job(uow, items, guest, job_id)
        with pytest.raises(NotFound):
            await jobs.thumbnail(uow, items, store, guest, job_id, 1)
        with pytest.raises(NotFound):
            await jobs.manifest(uow, items, store, guest, job_id)
        items.granted.add((guest.user_id, evidence_id))
        assert (await jobs.get_job(uow, items, guest, job_id)).job.id == job_id


async def test_cancel_an_idle_job_at_once_and_only_once(runtime: ServiceRuntime) -> None:
    job_id, user = await _analysed_job(runtime)
    async with runtime.uow() as uow:
        view = await jobs.cancel_job(uow, user, job_id)
        await uow.commit()
    assert view.job.status == "cancelled"
    async with runtime.uow() as uow:
        with pytest.raises(Conflict):
            await jobs.cancel_job(uow, user, job_id)


async def test_grpc_maps_errors_and_scopes_by_org(runtime: ServiceRuntime, tmp_path: Any) -> None:
    job_id, user = await _analysed_job(runtime)
    servicer = redaction_servicer(runtime, tmp_path)
    server = await start_grpc_server(
        [(redaction_pb2_grpc.add_RedactionServicer_to_server, servicer)],
        port=0,
        service_name="redaction",
        host="127.0.0.1",
    )
    async with GrpcClient() as clients:
        stub = redaction_pb2_grpc.RedactionStub(clients.channel(f"127.0.0.1:{server.port}"))
        job = await stub.GetJob(
            redaction_pb2.GetRedactionJobRequest(id=str(job_id)), metadata=call_metadata(user)
        )
        assert (job.status, [t.id for t in job.tracks], job.media.width) == (
            "awaiting_review",
            [1, 2],
            640,
        )
        outsider = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4())
        with pytest.raises(grpc.aio.AioRpcError) as missing:
            await stub.GetJob(
                redaction_pb2.GetRedactionJobRequest(id=str(job_id)),
                metadata=call_metadata(outsider),
            )
        assert missing.value.code() == grpc.StatusCode.NOT_FOUND
        bad = redaction_pb2.SubmitRedactionReviewRequest(
            job_id=str(job_id), selection="only", track_ids=[9]
        )
        with pytest.raises(grpc.aio.AioRpcError) as invalid:
            await stub.SubmitReview(bad, metadata=call_metadata(user))
        assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.aio.AioRpcError) as no_thumb:
            await stub.GetTrackThumbnail(
                redaction_pb2.GetTrackThumbnailRequest(job_id=str(job_id), track_id=1),
                metadata=call_metadata(user),
            )
        assert no_thumb.value.code() == grpc.StatusCode.NOT_FOUND
    await server.stop(None)

"""The job worker against a real evidence service, database and object store, with the real
media pipeline on short clips cut from the shared face video."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json

import c2pa
import pytest
from prometheus_client import REGISTRY
from redaction.entrypoints.queue_watch import measure
from redaction.entrypoints.worker import claim, run_once
from redaction.service_layer import jobs
from sqlalchemy import text

from .conftest import NO_GRANTS, Services

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def _wait_for(services: Services, job_id: object, column: str, value: object) -> None:
    for _ in range(600):
        if (await services.job(job_id))[column] == value:  # type: ignore[arg-type]
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {column} never became {value}")


async def test_analyse_then_review_then_render(services: Services, clips: dict[str, bytes]) -> None:
    original = await services.ingest(clips["short"])
    job_id = await services.request_redaction(original)
    stop = asyncio.Event()
    waits, frames = _sample("queue_wait_seconds_count"), _sample("frames_total", step="analyse")
    assert await measure(services.redaction.uow) > 0  # the job waits in the queue

    assert await run_once(services.deps(), stop)
    job = await services.job(job_id)
    assert (job["status"], job["media"]["frame_count"], job["lease_owner"]) == (
        "awaiting_review",
        30,
        None,
    )
    assert await measure(services.redaction.uow) == 0
    assert _sample("queue_wait_seconds_count") == waits + 1
    assert _sample("frames_total", step="analyse") == frames + 30
    async with services.redaction.uow() as uow:
        view = await jobs.get_job(uow, NO_GRANTS, original.owner, job_id)
        tracks = [(t.track_id, t.thumbnail_key) for t in view.tracks]
        covered = await jobs.job_coverage(uow, NO_GRANTS, original.owner, job_id)
    assert tracks, "the clip shows faces"
    counts = (covered.detected_frames, covered.carried_frames, covered.uncovered_frames)
    assert sum(counts) == covered.frames == 30 and covered.detected_frames > 0
    for _, key in tracks:
        assert key and services.store.read_bytes(key)[:2] == b"\xff\xd8"  # a JPEG
    progress = await services.outbox(services.redaction, "redaction.redaction_progress.v1")
    assert any(p["job_id"] == str(job_id) and p["step"] == "analyse" for p in progress)

    review = {"selection": "only", "track_ids": [tracks[0][0]], "style": "fill"}
    async with services.redaction.uow() as uow:
        await jobs.submit_review(uow, original.owner, job_id, review)
        await uow.commit()
    assert await run_once(services.deps(), stop)

    job = await services.job(job_id)
    assert job["status"] == "completed", job["reason"]
    derived = await _evidence_item(services, job["derived_evidence_id"])
    assert (derived["original_id"], derived["source"]) == (original.evidence_id, "derived")
    assert derived["sha256"] == job["output_sha256"] != original.sha256
    manifest = services.store.read_bytes(job["manifest_key"])
    assert hashlib.sha256(manifest).hexdigest() == job["manifest_sha256"]
    # The stored copy is the C2PA-signed one: its hash is the recorded one, and it names
    # its original.
    copy = services.store.read_bytes(job["output_key"])
    assert (
        hashlib.sha256(copy).hexdigest()
        == job["output_sha256"]
        == json.loads(manifest)["output"]["sha256"]
    )
    with c2pa.Reader("video/mp4", io.BytesIO(copy)) as reader:
        assert reader.get_validation_state() == "Valid"
        (parent,) = (reader.get_active_manifest() or {})["ingredients"]
    assert parent["metadata"]["org.custody.sha256"] == original.sha256
    masks = json.loads(manifest)["masks"]
    assert {m["track_id"] for m in masks if m["kind"] == "auto"} == {tracks[0][0]}
    assert all(m["chosen_by"] == str(original.owner.user_id) for m in masks)
    # The original is untouched; the manifest's hash is in the ledger.
    stored = await _evidence_item(services, original.evidence_id)
    assert hashlib.sha256(services.store.read_bytes(stored["object_key"])).hexdigest() == (
        original.sha256
    )
    audits = await services.outbox(services.redaction, "audit.record.v1")
    assert any(
        a["action"] == "redaction.manifest_recorded" and a["object_hash"] == job["manifest_sha256"]
        for a in audits
    )
    completed = await services.outbox(services.redaction, "redaction.redaction_completed.v1")
    assert [c["derived_evidence_id"] for c in completed if c["job_id"] == str(job_id)] == [
        str(job["derived_evidence_id"])
    ]


def _sample(name: str, **labels: str) -> float:
    found = REGISTRY.get_sample_value(
        f"custody_redaction_{name}", {"service": "redaction", **labels}
    )
    return found or 0.0


async def test_a_file_that_is_not_media_fails_with_a_reason(services: Services) -> None:
    original = await services.ingest(b"this is not a video at all\n" * 500, "notes.mp4")
    job_id = await services.request_redaction(original)

    assert await run_once(services.deps(), asyncio.Event())
    job = await services.job(job_id)
    assert job["status"] == "failed"
    assert job["reason"].startswith("the file cannot be redacted")
    failed = await services.outbox(services.redaction, "redaction.redaction_failed.v1")
    assert [f["reason"] for f in failed if f["job_id"] == str(job_id)] == [job["reason"]]
    assert job["derived_evidence_id"] is None and job["output_key"] is None
    async with services.redaction.uow() as uow:
        assert (await jobs.get_job(uow, NO_GRANTS, original.owner, job_id)).tracks == []


async def test_cancel_mid_analysis_stops_the_pipeline(
    services: Services, clips: dict[str, bytes]
) -> None:
    original = await services.ingest(clips["long"])
    job_id = await services.request_redaction(original)
    worker = asyncio.create_task(run_once(services.deps(), asyncio.Event()))
    await _wait_for(services, job_id, "status", "analysing")
    for _ in range(600):  # until the pipeline reported its first frames
        if (await services.job(job_id))["frames_done"] > 0:
            break
        await asyncio.sleep(0.05)
    async with services.redaction.uow() as uow:
        view = await jobs.cancel_job(uow, original.owner, job_id)
        await uow.commit()
        assert (view.job.status, view.job.cancel_requested) == ("analysing", True)
    assert await asyncio.wait_for(worker, 60)
    job = await services.job(job_id)
    assert (job["status"], job["lease_owner"], job["media"]) == ("cancelled", None, None)
    assert job["frames_done"] < 180  # stopped before the end of the 6 s clip
    async with services.redaction.uow() as uow:
        assert (await jobs.get_job(uow, NO_GRANTS, original.owner, job_id)).tracks == []


async def test_a_crashed_workers_job_is_resumed_by_another(
    services: Services, clips: dict[str, bytes]
) -> None:
    original = await services.ingest(clips["short"])
    job_id = await services.request_redaction(original)
    crashed = await claim(services.deps(0))  # claims, then never heartbeats
    assert not isinstance(crashed, bool) and crashed.id == job_id
    assert not await run_once(services.deps(1), asyncio.Event())  # its lease is still live

    await asyncio.sleep(1.6)  # the lease runs out
    assert await run_once(services.deps(1), asyncio.Event())
    job = await services.job(job_id)
    assert (job["status"], job["attempts"], job["lease_owner"]) == ("awaiting_review", 0, None)
    audits = await services.outbox(services.redaction, "audit.record.v1")
    resumed = [a for a in audits if a["details"].get("job_id") == str(job_id)]
    assert [a["action"] for a in resumed] == [
        "redaction.queued",
        "redaction.analysing",
        "redaction.resumed",
        "redaction.awaiting_review",
    ]


async def _evidence_item(services: Services, item_id: object) -> dict[str, object]:
    async with services.evidence.engine.connect() as conn:
        query = text("SELECT * FROM evidence.evidence_items WHERE id = :i")
        return dict((await conn.execute(query, {"i": item_id})).mappings().one())

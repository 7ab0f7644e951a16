"""RedactionRequested -> one queued job and its custody record, through the real consumer."""

from __future__ import annotations

import json
import uuid

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events.evidence import RedactionRequested
from custody_platform.runtime import ServiceRuntime
from redaction.bootstrap import build
from sqlalchemy import text

pytestmark = pytest.mark.integration


def _requested() -> RedactionRequested:
    return RedactionRequested(
        job_id=uuid.uuid4(),
        evidence_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        object_key="sha256/ab/ab/" + "ab" * 32,
        sha256="ab" * 32,
        requested_by=uuid.uuid4(),
    )


async def test_request_queues_one_job_with_a_custody_record(runtime: ServiceRuntime) -> None:
    consumer, topics = build(runtime).consumers[0]
    assert topics == ["evidence.events"]
    event = _requested()
    headers = {k: v.decode() for k, v in Envelope(type=event.type, source="evidence").to_headers()}
    body = event.model_dump_json().encode()
    for _ in range(2):  # redelivered: still one job
        await consumer.handle(body, headers, topic=topics[0], partition=0, offset=0, key=None)
    await consumer.handle(
        body,
        {**headers, "ce_id": str(uuid.uuid4())},
        topic=topics[0],
        partition=0,
        offset=1,
        key=None,
    )  # same job requested again under a new event id

    async with runtime.engine.connect() as conn:
        jobs = (
            (
                await conn.execute(
                    text("SELECT * FROM redaction.jobs WHERE id = :j"), {"j": event.job_id}
                )
            )
            .mappings()
            .all()
        )
        payloads = (
            (
                await conn.execute(
                    text(
                        "SELECT payload FROM redaction.outbox WHERE event_type = 'audit.record.v1'"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert [(j["status"], j["evidence_id"], j["org_id"]) for j in jobs] == [
        ("queued", event.evidence_id, event.org_id)
    ]
    records = [
        r for r in map(json.loads, payloads) if r["details"].get("job_id") == str(event.job_id)
    ]
    assert [(r["action"], r["object_id"], r["object_hash"]) for r in records] == [
        ("redaction.queued", str(event.evidence_id), event.sha256)
    ]
    assert records[0]["org_ids"] == [str(event.org_id)]

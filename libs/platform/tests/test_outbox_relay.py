from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from custody_contracts.events.registry import CameraRegistered
from custody_platform.relay import FAILPOINT
from custody_platform.unit_of_work import Actor
from sqlalchemy import text

from .conftest import read_topic

pytestmark = pytest.mark.integration
RELAY_ONCE = Path(__file__).parent / "fixtures" / "relay_once.py"


def _camera(topic: str) -> CameraRegistered:
    event = CameraRegistered(
        camera_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        name="Lobby",
        kind="fixed",
        latitude=45.5,
        longitude=-73.6,
    )
    object.__setattr__(event, "topic", topic)  # route this test's events to a private topic
    return event


async def test_state_events_and_audit_commit_together_or_not_at_all(
    uow_factory, engine, unique_schema
):
    async with uow_factory() as uow:
        await uow.session.execute(
            text(f"INSERT INTO \"{unique_schema}\".effects (note) VALUES ('x')")
        )
        uow.emit(_camera("t"))
        uow.audit(Actor.service("test"), "camera.registered", object_type="camera", object_id="c1")
        # leaving without commit rolls everything back
    async with engine.connect() as conn:
        assert await conn.scalar(text(f'SELECT count(*) FROM "{unique_schema}".outbox')) == 0
        assert await conn.scalar(text(f'SELECT count(*) FROM "{unique_schema}".effects')) == 0
    async with uow_factory() as uow:
        await uow.session.execute(
            text(f"INSERT INTO \"{unique_schema}\".effects (note) VALUES ('x')")
        )
        uow.emit(_camera("t"))
        uow.audit(Actor.service("test"), "camera.registered", object_type="camera", object_id="c1")
        await uow.commit()
    async with engine.connect() as conn:
        topics = (
            (await conn.execute(text(f'SELECT topic FROM "{unique_schema}".outbox ORDER BY seq')))
            .scalars()
            .all()
        )
    assert topics == ["t", "audit.records"]


def _run_relay(database_url: str, bootstrap: str, schema: str, failpoint: bool) -> int:
    env = dict(os.environ)
    env.pop("CUSTODY_FAILPOINT", None)
    if failpoint:
        env["CUSTODY_FAILPOINT"] = FAILPOINT
    args = [sys.executable, str(RELAY_ONCE), database_url, bootstrap, schema]
    return subprocess.run(args, env=env, timeout=60).returncode


async def test_relay_killed_between_publish_and_mark_republishes_and_consumer_dedupes(
    uow_factory, engine, unique_schema, unique_topic, database_url, kafka_bootstrap_servers
):
    events = [_camera(unique_topic) for _ in range(20)]
    async with uow_factory() as uow:
        for event in events:
            uow.emit(event)
        await uow.commit()

    assert _run_relay(database_url, kafka_bootstrap_servers, unique_schema, failpoint=True) == 17
    async with engine.connect() as conn:
        unsent = f'SELECT count(*) FROM "{unique_schema}".outbox WHERE sent_at IS NULL'
        assert await conn.scalar(text(unsent)) == 20  # published, but the crash lost the marks
    assert _run_relay(database_url, kafka_bootstrap_servers, unique_schema, failpoint=False) == 0
    async with engine.connect() as conn:
        assert await conn.scalar(text(unsent)) == 0

    records = await read_topic(kafka_bootstrap_servers, unique_topic, expected=40)
    assert len(records) == 40  # every event twice on the wire...
    ids = [dict(r.headers)["ce_id"].decode() for r in records]
    assert len(set(ids)) == 20  # ...under the same 20 event ids, which consumers deduplicate
    assert {r.key.decode() for r in records} == {str(e.camera_id) for e in events}

"""The background disclosure builder against real Postgres: a build a dead builder left is
claimed again once its lease has run out (never while it is held), the stale attempt can no
longer change it, a graceful stop hands it back at once, a refusal fails it with its reason,
and a build interrupted too often fails instead of staying "building" for ever; the token is
forgotten when a build ends."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from audit.adapters import disclosures as rows
from audit.adapters.orm import DisclosureBuild
from audit.entrypoints import builder as builder_module
from audit.entrypoints.builder import MAX_ATTEMPTS, DisclosureBuilder
from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from sqlalchemy import text

pytestmark = pytest.mark.integration

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)  # the oldest build: claimed before any other


class Evidence:
    """The evidence service as the builder sees it: refusing, or never answering."""

    def __init__(self, hang: bool = False) -> None:
        self.hang = hang

    async def case(self, case_id: uuid.UUID) -> Any:
        if self.hang:
            await asyncio.Event().wait()
        raise NotFound("no such case")


class Packager:
    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence


async def _build_row(runtime: Any, **values: Any) -> uuid.UUID:
    principal = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=("investigator",))
    row = DisclosureBuild(
        id=uuid.uuid4(), org_id=principal.org_id, case_id=uuid.uuid4(),
        evidence_ids=[str(uuid.uuid4())], recipient_name="County Court", recipient_email="",
        note="", created_by=principal.user_id, principal=principal.model_dump(mode="json"),
        token="t" * 43, items_total=1, bytes_total=10, created_at=LONG_AGO, **values,
    )  # fmt: skip
    async with runtime.uow() as uow:
        await rows.add_build(uow.session, row)
        await uow.commit()
    return row.id


async def _read(runtime: Any, build_id: uuid.UUID) -> DisclosureBuild:
    async with runtime.uow() as uow:
        found = await rows.get_build(uow.session, build_id, None)
        assert found is not None
        return DisclosureBuild.model_validate(found.model_dump())  # outlives the session


@pytest.fixture
async def settled(owner_engine: Any) -> Any:
    """Builds a test leaves behind never reach the next test's claim."""
    yield
    async with owner_engine.begin() as connection:
        await connection.execute(
            text("UPDATE audit.disclosure_builds SET state = 'failed' WHERE created_at = :t"),
            {"t": LONG_AGO},
        )


async def test_a_dead_builders_build_is_claimed_again_only_once_its_lease_ran_out(
    runtime: Any, settled: Any
) -> None:
    held = await _build_row(
        runtime, attempts=1, lease_until=datetime.now(UTC) + timedelta(minutes=5)
    )
    left = await _build_row(
        runtime, attempts=1, lease_until=datetime.now(UTC) - timedelta(seconds=1)
    )
    async with runtime.uow() as uow:
        claimed = await rows.claim_build(uow.session, timedelta(seconds=30))
        await uow.commit()
    assert claimed is not None and claimed.id == left and claimed.attempts == 2
    async with runtime.uow() as uow:
        stale = await rows.update_build(uow.session, left, 1, items_done=1)
        current = await rows.update_build(uow.session, left, 2, items_done=1)
        await uow.commit()
    assert (stale, current) == (False, True)
    assert (await _read(runtime, held)).attempts == 1  # a held lease is never taken


async def test_a_refusal_fails_the_build_with_its_reason_and_forgets_the_token(
    runtime: Any, settled: Any
) -> None:
    build_id = await _build_row(runtime)
    builder = DisclosureBuilder(runtime.uow, Packager(Evidence()))  # type: ignore[arg-type]
    assert await builder.build_next(asyncio.Event())
    found = await _read(runtime, build_id)
    assert (found.state, found.failure_reason, found.token) == ("failed", "no such case", None)


async def test_a_stop_hands_the_build_back_for_the_next_builder(
    runtime: Any, settled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(builder_module, "HEARTBEAT_SECONDS", 0.05)
    build_id = await _build_row(runtime)
    builder = DisclosureBuilder(runtime.uow, Packager(Evidence(hang=True)))  # type: ignore[arg-type]
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(0.3, stop.set)
    assert await builder.build_next(stop)
    found = await _read(runtime, build_id)
    assert (found.state, found.attempts, found.token) == ("building", 1, "t" * 43)
    async with runtime.uow() as uow:  # the restarted service claims it at once
        again = await rows.claim_build(uow.session, timedelta(seconds=30))
        await uow.commit()
    assert again is not None and again.id == build_id and again.attempts == 2


async def test_a_build_interrupted_too_often_fails_instead_of_building_for_ever(
    runtime: Any, settled: Any
) -> None:
    build_id = await _build_row(runtime, attempts=MAX_ATTEMPTS)
    builder = DisclosureBuilder(runtime.uow, Packager(Evidence(hang=True)))  # type: ignore[arg-type]
    assert await builder.build_next(asyncio.Event())
    found = await _read(runtime, build_id)
    assert found.state == "failed" and "interrupted" in found.failure_reason
    assert found.token is None

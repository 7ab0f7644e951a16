"""The SLA worker's pass (one reminder, then expiry, idempotent on re-runs) and the searchable
records (filters, counts, visibility), against real Postgres and a real registry."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.errors import InvalidArgument, PermissionDenied
from custody_platform.grpc import call_metadata
from custody_platform.unit_of_work import committed
from prometheus_client import REGISTRY
from sqlalchemy import update
from sqlmodel import col
from video_requests.adapters.orm import LineItem
from video_requests.domain.commands import LineItemInput, RequestFilter, SubmitRequest
from video_requests.entrypoints.workers import sla_pass
from video_requests.service_layer import queries
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.submit import submit_request

from .conftest import World, events_of, person

pytestmark = pytest.mark.integration

END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


async def submit(uow_factory, cameras, world: World, camera, number="INC-1", clock=None, **kw):
    items = (LineItemInput(uuid.UUID(camera.id), END - timedelta(hours=1), END),)
    command = SubmitRequest(number, kw.pop("description", ""), items, **kw)
    return await committed(
        uow_factory,
        submit_request,
        cameras,
        cameras,
        world.investigator,
        command,
        clock or SlaClock(),
    )


async def test_sla_reminds_once_then_expires(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    stub = registry_pb2_grpc.RegistryStub(grpc_client.channel(registry_target))
    settings = registry_pb2.RequestSettings(sla_hours=1)
    await stub.PutRequestSettings(
        settings, metadata=call_metadata(person(world.harbor, "org_admin"))
    )
    clock = SlaClock(hour_seconds=1.0, reminder_share=0.5)  # remind after 0.5 s, due after 1 s
    view = await submit(uow_factory, cameras, world, world.harbor_camera, clock=clock)
    assert await sla_pass(uow_factory) == 0
    await asyncio.sleep(0.6)
    assert await sla_pass(uow_factory) == 1
    assert await sla_pass(uow_factory) == 0  # a restart or second pass sends no second reminder
    (reminder,) = await events_of(engine, unique_schema, "requests.line_item_due_soon.v1")
    assert reminder["line_item_id"] == str(view.items[0].id)
    breaches = _breaches()
    await asyncio.sleep(0.5)
    assert await sla_pass(uow_factory) == 1
    assert await sla_pass(uow_factory) == 0
    assert _breaches() == breaches + 1  # the expiry, counted once
    read = await committed(uow_factory, queries.get_request, world.investigator, view.request.id)
    assert (read.items[0].status, read.request.status) == ("expired", "expired")
    (expired,) = await events_of(engine, unique_schema, "requests.line_item_status_changed.v1")
    assert (expired["previous_status"], expired["status"]) == ("submitted", "expired")
    assert len(await events_of(engine, unique_schema, "requests.line_item_due_soon.v1")) == 1


def _breaches() -> float:
    return (
        REGISTRY.get_sample_value("custody_request_sla_breaches_total", {"service": "requests"})
        or 0.0
    )


async def test_search_filters_counts_and_visibility(uow_factory, cameras, world):
    mall = await submit(
        uow_factory, cameras, world, world.harbor_camera, "INC-100", description="Mall fight"
    )
    await submit(uow_factory, cameras, world, world.shop_camera, "INC-200", incident_type="theft")
    investigator = world.investigator

    async def ids(**fields) -> list[str]:
        views, total = await committed(
            uow_factory, queries.list_requests, investigator, RequestFilter(**fields)
        )
        assert total == len(views) or fields.get("limit")
        return [v.request.incident_number for v in views]

    assert await ids() == ["INC-200", "INC-100"]
    assert await ids(text="mall") == ["INC-100"]
    assert await ids(text="THEFT") == ["INC-200"]
    assert await ids(text="%") == []
    assert await ids(incident_number="inc-100") == ["INC-100"]
    assert await ids(owner_org_id=world.shop) == ["INC-200"]
    assert await ids(camera_id=uuid.UUID(world.harbor_camera.id)) == ["INC-100"]
    assert await ids(requester_user_id=investigator.user_id) == ["INC-200", "INC-100"]
    assert await ids(created_from=mall.request.created_at + timedelta(hours=1)) == []
    assert await ids(status="submitted", limit=1, offset=1) == ["INC-100"]
    counts = await committed(uow_factory, queries.count_requests, investigator, RequestFilter())
    assert counts == {"submitted": 2}
    shop_view, _ = await committed(
        uow_factory, queries.list_requests, world.shop_approver, RequestFilter()
    )
    assert [v.request.incident_number for v in shop_view] == ["INC-200"]
    with pytest.raises(InvalidArgument):
        await committed(
            uow_factory, queries.list_requests, investigator, RequestFilter(status="odd")
        )
    with pytest.raises(InvalidArgument):
        await committed(uow_factory, queries.list_requests, investigator, RequestFilter(limit=501))


async def test_the_review_queue_holds_what_the_caller_decides_earliest_due_first(
    uow_factory, cameras, world
):
    undated = await submit(uow_factory, cameras, world, world.harbor_camera, "INC-301")
    urgent = await submit(uow_factory, cameras, world, world.harbor_camera, "INC-302")
    await submit(uow_factory, cameras, world, world.shop_camera, "INC-303")  # another owner's
    async with uow_factory() as uow:
        due = datetime.now(UTC) + timedelta(hours=2)
        await uow.session.exec(
            update(LineItem).where(col(LineItem.id) == urgent.items[0].id).values(due_at=due)
        )
        await uow.commit()

    async def queue(who, limit=0, offset=0) -> tuple[list[tuple[str, uuid.UUID]], int]:
        found, total = await committed(uow_factory, queries.review_queue, who, limit, offset)
        assert all(item.owner_org_id == who.org_id for view, _ in found for item in view.items)
        return [(view.request.incident_number, item) for view, item in found], total

    expected = [("INC-302", urgent.items[0].id), ("INC-301", undated.items[0].id)]
    assert await queue(world.harbor_approver) == (expected, 2)
    assert await queue(world.harbor_approver, limit=1, offset=1) == (expected[1:], 2)
    assert await queue(person(world.harbor, "investigator")) == ([], 0)  # its role decides none
    named = person(world.harbor, "investigator")  # an owner may name anyone as approver
    async with uow_factory() as uow:
        await uow.session.exec(
            update(LineItem)
            .where(col(LineItem.id) == undated.items[0].id)
            .values(approver_user_ids=[named.user_id])
        )
        await uow.commit()
    assert await queue(named) == (expected[1:], 1)
    assert await queue(world.harbor_approver) == (expected[:1], 1)  # named to someone else
    with pytest.raises(PermissionDenied):
        await queue(person(world.harbor, "guest"))
    with pytest.raises(InvalidArgument):
        await queue(world.harbor_approver, limit=501)

"""Approving and rejecting line items: locks, conflicts, events and audit in one transaction."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.grpc import call_metadata
from custody_platform.unit_of_work import committed
from video_requests.domain.commands import (
    DecideLineItem,
    LineItemInput,
    RequestFilter,
    SubmitRequest,
)
from video_requests.service_layer import decisions, queries
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.submit import submit_request

from .conftest import World, events_of, outbox, person

pytestmark = pytest.mark.integration
ANY = RequestFilter()

END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


@pytest.fixture
async def submitted(uow_factory, cameras, world: World) -> RequestView:
    items = tuple(
        LineItemInput(uuid.UUID(c.id), END - timedelta(hours=1), END)
        for c in (world.harbor_camera, world.shop_camera)
    )
    wanted = SubmitRequest("INC-77", "", items)
    return await committed(
        uow_factory, submit_request, cameras, cameras, world.investigator, wanted, SlaClock()
    )


def decide(view: RequestView, index: int = 0, **fields: str) -> DecideLineItem:
    return DecideLineItem(view.request.id, view.items[index].id, **fields)


async def test_approval_orders_the_export_in_the_same_transaction(
    uow_factory, world: World, submitted, engine, unique_schema
):
    view = await committed(
        uow_factory,
        decisions.approve_line_item,
        world.harbor_approver,
        decide(submitted, permission="download"),
    )
    (item,) = view.items  # the approver's organization sees its own line item only
    assert (item.status, item.permission, view.request.status) == (
        "exporting",
        "download",
        "in_progress",
    )
    kinds = [kind for kind, _ in await outbox(engine, unique_schema)][1:]
    assert kinds == [
        "audit.record.v1",
        "requests.request_approved.v1",
        "requests.export_requested.v1",
        "audit.record.v1",
    ]
    (export,) = await events_of(engine, unique_schema, "requests.export_requested.v1")
    assert export["export_id"] == str(item.export_id)
    assert (export["device_id"], export["channel"]) == (world.harbor_camera.device_id, 2)
    assert (export["case_number"], export["permission"]) == ("INC-77", "download")
    (approved,) = await events_of(engine, unique_schema, "requests.request_approved.v1")
    assert approved["approver_user_id"] == str(world.harbor_approver.user_id)


async def test_approving_twice_is_a_conflict_with_the_current_state(
    uow_factory, world: World, submitted
):
    await committed(
        uow_factory, decisions.approve_line_item, world.harbor_approver, decide(submitted)
    )
    with pytest.raises(Conflict) as raised:
        await committed(
            uow_factory, decisions.approve_line_item, world.harbor_approver, decide(submitted)
        )
    assert raised.value.current_state == "exporting"


async def test_concurrent_approvals_have_exactly_one_winner(
    uow_factory, world: World, submitted, engine, unique_schema
):
    second_approver = person(world.harbor, "approver")
    results = await asyncio.gather(
        committed(
            uow_factory, decisions.approve_line_item, world.harbor_approver, decide(submitted)
        ),
        committed(uow_factory, decisions.approve_line_item, second_approver, decide(submitted)),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "RequestView"]
    assert len(await events_of(engine, unique_schema, "requests.export_requested.v1")) == 1


async def test_only_the_owners_approvers_decide(uow_factory, world: World, submitted):
    cases = [
        (person(uuid.uuid4(), "approver"), NotFound),  # a stranger to the request
        (world.shop_approver, NotFound),  # party to the request, but not to this item
        (person(world.metro, "approver"), PermissionDenied),  # the requester's organization
        (person(world.harbor, "investigator"), PermissionDenied),
    ]
    for principal, error in cases:
        with pytest.raises(error):
            await committed(uow_factory, decisions.approve_line_item, principal, decide(submitted))
    wrong_request = DecideLineItem(uuid.uuid4(), submitted.items[0].id)
    with pytest.raises(NotFound):
        await committed(
            uow_factory, decisions.approve_line_item, world.harbor_approver, wrong_request
        )


async def test_when_the_owner_names_approvers_only_they_decide(
    uow_factory, cameras, world: World, grpc_client, registry_target
):
    named = person(world.harbor, "approver")
    registry = registry_pb2_grpc.RegistryStub(grpc_client.channel(registry_target))
    await registry.PutRequestSettings(
        registry_pb2.RequestSettings(approver_user_ids=[str(named.user_id)]),
        metadata=call_metadata(person(world.harbor, "org_admin")),
    )
    item = LineItemInput(uuid.UUID(world.harbor_camera.id), END - timedelta(hours=1), END)
    wanted = SubmitRequest("INC-78", "", (item,))
    view = await committed(
        uow_factory, submit_request, cameras, cameras, world.investigator, wanted, SlaClock()
    )
    assert view.items[0].approver_user_ids == [named.user_id]
    for unnamed in (person(world.harbor, "org_admin"), world.harbor_approver):
        for decision in (decisions.approve_line_item, decisions.start_review):
            with pytest.raises(PermissionDenied, match="named"):
                await committed(uow_factory, decision, unnamed, decide(view))
    approved = await committed(uow_factory, decisions.approve_line_item, named, decide(view))
    assert approved.items[0].status == "exporting"


async def test_rejection_needs_a_reason_and_is_final(
    uow_factory, world: World, submitted, engine, unique_schema
):
    with pytest.raises(InvalidArgument, match="reason"):
        await committed(
            uow_factory, decisions.reject_line_item, world.shop_approver, decide(submitted, 1)
        )
    view = await committed(
        uow_factory,
        decisions.reject_line_item,
        world.shop_approver,
        decide(submitted, 1, reason="camera was offline"),
    )
    assert (view.items[0].status, view.items[0].reason) == ("rejected", "camera was offline")
    (rejected,) = await events_of(engine, unique_schema, "requests.request_rejected.v1")
    assert rejected["reason"] == "camera was offline"
    with pytest.raises(Conflict) as raised:
        await committed(
            uow_factory, decisions.approve_line_item, world.shop_approver, decide(submitted, 1)
        )
    assert raised.value.current_state == "rejected"


async def test_reads_are_scoped_to_the_callers_share(uow_factory, world: World, submitted):
    request_id = submitted.request.id
    mine = await committed(uow_factory, queries.get_request, world.investigator, request_id)
    assert len(mine.items) == 2
    theirs = await committed(uow_factory, queries.get_request, world.shop_approver, request_id)
    assert [i.owner_org_id for i in theirs.items] == [world.shop]
    with pytest.raises(NotFound):
        await committed(
            uow_factory, queries.get_request, person(uuid.uuid4(), "org_admin"), request_id
        )
    listed, total = await committed(uow_factory, queries.list_requests, world.harbor_approver, ANY)
    assert [(v.request.id, len(v.items)) for v in listed] == [(request_id, 1)] and total == 1
    fulfilled = RequestFilter(status="fulfilled")
    assert await committed(uow_factory, queries.list_requests, world.investigator, fulfilled) == (
        [],
        0,
    )
    assert await committed(uow_factory, queries.list_requests, person(uuid.uuid4()), ANY) == ([], 0)

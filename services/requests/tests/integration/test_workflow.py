"""The owner's policy at submission (auto-approval, export before approval, span, SLA,
retention), the more-info loop, cancellation and the conversation, against a real registry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.grpc import call_metadata
from custody_platform.unit_of_work import committed
from video_requests.domain.commands import (
    CancelRequest,
    DecideLineItem,
    LineItemInput,
    PostMessage,
    SubmitRequest,
)
from video_requests.service_layer import conversation, decisions, outcomes, queries, requester
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.submit import submit_request

from .conftest import World, events_of, outbox, person

pytestmark = pytest.mark.integration

END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


async def put_settings(grpc_client, registry_target, org: uuid.UUID, **fields) -> None:
    stub = registry_pb2_grpc.RegistryStub(grpc_client.channel(registry_target))
    admin = person(org, "org_admin")
    await stub.PutRequestSettings(
        registry_pb2.RequestSettings(**fields), metadata=call_metadata(admin)
    )


async def submit(uow_factory, cameras, world: World, *cameras_, hours=1.0, **fields) -> RequestView:
    items = tuple(
        LineItemInput(uuid.UUID(c.id), END - timedelta(hours=hours), END) for c in cameras_
    )
    command = SubmitRequest("INC-5", "Stolen bicycle", items, **fields)
    return await committed(
        uow_factory, submit_request, cameras, cameras, world.investigator, command, SlaClock()
    )


def item_of(view: RequestView, org: uuid.UUID):
    return next(item for item in view.items if item.owner_org_id == org)


async def test_partner_orgs_are_approved_at_once_view_only(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    await put_settings(
        grpc_client, registry_target, world.shop, auto_approve_org_ids=[str(world.metro)]
    )
    view = await submit(uow_factory, cameras, world, world.harbor_camera, world.shop_camera)
    harbor, shop = item_of(view, world.harbor), item_of(view, world.shop)
    assert (harbor.status, shop.status, shop.permission) == ("submitted", "exporting", "view")
    (export,) = await events_of(engine, unique_schema, "requests.export_requested.v1")
    assert (export["line_item_id"], export["requester_org_id"]) == (str(shop.id), str(world.metro))
    assert view.request.status == "in_progress"


async def test_export_before_approval_keeps_footage_with_the_owner(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    await put_settings(grpc_client, registry_target, world.harbor, export_before_approval=True)
    view = await submit(uow_factory, cameras, world, world.harbor_camera)
    (item,) = view.items
    assert (item.status, item.preserve_export_id is not None) == ("under_review", True)
    (preserve,) = await events_of(engine, unique_schema, "requests.export_requested.v1")
    # Preserved in a case of the owner's organization: nothing reaches the requester yet.
    assert preserve["requester_org_id"] == str(world.harbor)
    assert preserve["case_number"] == "preserved INC-5"
    await committed(
        uow_factory,
        decisions.reject_line_item,
        world.harbor_approver,
        DecideLineItem(view.request.id, item.id, reason="no"),
    )
    assert len(await events_of(engine, unique_schema, "requests.export_requested.v1")) == 1


async def test_owner_span_and_retention(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    await put_settings(grpc_client, registry_target, world.harbor, max_span_hours=2)
    with pytest.raises(InvalidArgument, match="owner's 2 h"):
        await submit(uow_factory, cameras, world, world.harbor_camera, hours=3)
    assert await outbox(engine, unique_schema) == []
    view = await submit(uow_factory, cameras, world, world.harbor_camera, hours=2)
    assert view.items[0].warning is None


async def test_sla_sets_due_dates(uow_factory, cameras, world, grpc_client, registry_target):
    await put_settings(grpc_client, registry_target, world.harbor, sla_hours=48)
    view = await submit(uow_factory, cameras, world, world.harbor_camera, world.shop_camera)
    harbor, shop = item_of(view, world.harbor), item_of(view, world.shop)
    assert harbor.due_at == view.request.created_at + timedelta(hours=48)
    assert harbor.remind_at == view.request.created_at + timedelta(hours=36)
    assert shop.due_at is None


async def test_more_info_loop_and_conversation(uow_factory, cameras, world, engine, unique_schema):
    view = await submit(uow_factory, cameras, world, world.harbor_camera, world.shop_camera)
    harbor = item_of(view, world.harbor)
    ask = DecideLineItem(view.request.id, harbor.id, reason="Which entrance?")
    with pytest.raises(InvalidArgument):
        await committed(
            uow_factory,
            decisions.request_more_info,
            world.harbor_approver,
            DecideLineItem(view.request.id, harbor.id),
        )
    asked = await committed(uow_factory, decisions.request_more_info, world.harbor_approver, ask)
    assert (asked.items[0].status, asked.request.status) == (
        "more_info_requested",
        "more_info_requested",
    )
    with pytest.raises(InvalidArgument, match="owner_org_id"):  # two owners: say which
        await committed(
            uow_factory,
            conversation.post_message,
            world.investigator,
            PostMessage(view.request.id, None, "North"),
        )
    answer = PostMessage(view.request.id, world.harbor, "The north entrance")
    await committed(uow_factory, conversation.post_message, world.investigator, answer)
    read = await committed(uow_factory, queries.get_request, world.investigator, view.request.id)
    assert item_of(read, world.harbor).status == "under_review"
    thread = await committed(
        uow_factory, conversation.list_messages, world.harbor_approver, view.request.id
    )
    assert [(m.author_party, m.body) for m in thread] == [
        ("owner", "Which entrance?"),
        ("requester", "The north entrance"),
    ]
    assert (
        await committed(
            uow_factory, conversation.list_messages, world.shop_approver, view.request.id
        )
        == []
    )
    with pytest.raises(NotFound):
        await committed(
            uow_factory, conversation.list_messages, person(uuid.uuid4()), view.request.id
        )
    posted = await events_of(engine, unique_schema, "requests.message_posted.v1")
    changed = await events_of(engine, unique_schema, "requests.line_item_status_changed.v1")
    assert [m["author_party"] for m in posted] == ["owner", "requester"]
    assert [c["status"] for c in changed] == ["more_info_requested", "under_review"]
    actions = [p.get("action") for _, p in await outbox(engine, unique_schema)]
    assert actions.count("request.message_posted") == 1  # the question is audited with its move
    assert "line_item.more_info_requested" in actions and "line_item.info_provided" in actions


async def test_cancel_leaves_decided_items_alone(uow_factory, cameras, world):
    view = await submit(uow_factory, cameras, world, world.harbor_camera, world.shop_camera)
    harbor = item_of(view, world.harbor)
    await committed(
        uow_factory,
        decisions.reject_line_item,
        world.harbor_approver,
        DecideLineItem(view.request.id, harbor.id, reason="x"),
    )
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory, requester.cancel, world.harbor_approver, CancelRequest(view.request.id)
        )
    with pytest.raises(NotFound):
        await committed(
            uow_factory, requester.cancel, person(uuid.uuid4()), CancelRequest(view.request.id)
        )
    cancelled = await committed(
        uow_factory, requester.cancel, world.investigator, CancelRequest(view.request.id)
    )
    assert [i.status for i in cancelled.items] == ["rejected", "cancelled"]
    assert cancelled.request.status == "closed"
    with pytest.raises(Conflict) as raised:
        await committed(
            uow_factory, requester.cancel, world.investigator, CancelRequest(view.request.id)
        )
    assert raised.value.current_state == "cancelled, rejected"


async def test_guest_sees_and_asks_only_their_own(uow_factory, cameras, world):
    guest = person(world.harbor, "guest")
    items = (LineItemInput(uuid.UUID(world.harbor_camera.id), END - timedelta(hours=1), END),)
    own = await committed(
        uow_factory,
        submit_request,
        cameras,
        cameras,
        guest,
        SubmitRequest("G-1", "", items),
        SlaClock(),
    )
    assert own.request.requester_org_id == world.harbor
    other = await submit(uow_factory, cameras, world, world.harbor_camera)
    with pytest.raises(NotFound):
        await committed(uow_factory, queries.get_request, guest, other.request.id)
    shop_items = (LineItemInput(uuid.UUID(world.shop_camera.id), END - timedelta(hours=1), END),)
    with pytest.raises(InvalidArgument, match="inviting organization"):
        await committed(
            uow_factory,
            submit_request,
            cameras,
            cameras,
            guest,
            SubmitRequest("G-2", "", shop_items),
            SlaClock(),
        )
    assert (await committed(uow_factory, queries.get_request, guest, own.request.id)).items


async def test_preserved_footage_is_recorded_and_approval_delivers_anew(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    await put_settings(grpc_client, registry_target, world.harbor, export_before_approval=True)
    view = await submit(uow_factory, cameras, world, world.harbor_camera)
    (item,) = view.items
    preserved_evidence = uuid.uuid4()
    async with uow_factory() as uow:  # the owner's copy arrives: recorded, not delivered
        await outcomes.mark_fulfilled(
            uow,
            item.id,
            case_id=uuid.uuid4(),
            evidence_id=preserved_evidence,
            case_org_id=world.harbor,
        )
        await uow.commit()
    read = await committed(uow_factory, queries.get_request, world.investigator, view.request.id)
    assert (read.items[0].status, read.items[0].evidence_id) == ("under_review", None)
    assert read.items[0].preserved_evidence_id == preserved_evidence
    await committed(
        uow_factory,
        decisions.approve_line_item,
        world.harbor_approver,
        DecideLineItem(view.request.id, item.id, permission="download"),
    )
    preserve, deliver = await events_of(engine, unique_schema, "requests.export_requested.v1")
    assert preserve["requester_org_id"] == str(world.harbor)
    assert (deliver["requester_org_id"], deliver["permission"]) == (str(world.metro), "download")
    assert deliver["export_id"] != preserve["export_id"]


async def test_vms_bound_cameras_export_by_camera_reference(
    uow_factory, cameras, world, grpc_client, registry_target, engine, unique_schema
):
    stub = registry_pb2_grpc.RegistryStub(grpc_client.channel(registry_target))
    vms_device = str(uuid.uuid4())
    spec = registry_pb2.CreateCameraRequest(
        name="Harbor VMS cam",
        kind="fixed",
        latitude=45.5,
        longitude=-73.6,
        vms_device_id=vms_device,
        vms_camera_ref="SC-cam-42",
    )
    camera = await stub.CreateCamera(
        spec, metadata=call_metadata(person(world.harbor, "org_admin"))
    )
    view = await submit(uow_factory, cameras, world, camera)
    (item,) = view.items
    await committed(
        uow_factory,
        decisions.approve_line_item,
        world.harbor_approver,
        DecideLineItem(view.request.id, item.id),
    )
    (export,) = await events_of(engine, unique_schema, "requests.export_requested.v1")
    assert (export["device_id"], export["vms_camera_ref"]) == (vms_device, "SC-cam-42")

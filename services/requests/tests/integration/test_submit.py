"""Submitting requests: cameras come from a real registry server, as the submitter sees them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import InvalidArgument, PermissionDenied
from custody_platform.unit_of_work import committed
from video_requests.domain.commands import LineItemInput, SubmitRequest
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.submit import submit_request

from .conftest import World, outbox, person

pytestmark = pytest.mark.integration

END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
START = END - timedelta(hours=2)


def command(*camera_ids: str, start: datetime = START) -> SubmitRequest:
    items = tuple(LineItemInput(uuid.UUID(c), start, END) for c in camera_ids)
    return SubmitRequest("INC-2024-001", "Break-in at the mall", items)


async def test_submit_binds_each_item_to_its_camera_device(
    uow_factory, cameras, world: World, engine, unique_schema
):
    wanted = command(world.harbor_camera.id, world.shop_camera.id)
    view = await committed(
        uow_factory, submit_request, cameras, cameras, world.investigator, wanted, SlaClock()
    )
    harbor_item, shop_item = view.items
    assert view.request.status == "submitted"
    assert (harbor_item.owner_org_id, harbor_item.channel) == (world.harbor, 2)
    assert str(harbor_item.device_id) == world.harbor_camera.device_id
    assert (shop_item.owner_org_id, shop_item.start, shop_item.end) == (world.shop, START, END)
    (kind, submitted), (_, audit) = await outbox(engine, unique_schema)
    assert kind == "requests.request_submitted.v1"
    assert submitted["request_id"] == str(view.request.id)
    assert [i["owner_org_id"] for i in submitted["line_items"]] == [
        str(world.harbor),
        str(world.shop),
    ]
    assert audit["action"] == "request.submitted"
    assert audit["org_ids"] == [str(world.metro), str(world.harbor), str(world.shop)]


@pytest.mark.parametrize(
    ("camera", "message"),
    [
        ("unbound_camera", "no device"),
        ("private_camera", "not found"),  # another org's private camera does not exist for us
        (None, "not found"),
    ],
)
async def test_unusable_cameras_are_invalid(
    uow_factory, cameras, world: World, engine, unique_schema, camera, message
):
    camera_id = getattr(world, camera).id if camera else str(uuid.uuid4())
    with pytest.raises(InvalidArgument, match=message):
        await committed(
            uow_factory,
            submit_request,
            cameras,
            cameras,
            world.investigator,
            command(camera_id),
            SlaClock(),
        )
    assert await outbox(engine, unique_schema) == []


async def test_owner_may_request_its_own_private_camera(uow_factory, cameras, world: World):
    own_investigator = person(world.harbor, "investigator")
    wanted = command(world.private_camera.id)
    view = await committed(
        uow_factory, submit_request, cameras, cameras, own_investigator, wanted, SlaClock()
    )
    assert view.items[0].owner_org_id == world.harbor


async def test_bad_windows_and_roles_are_refused(uow_factory, cameras, world: World):
    too_long = command(world.harbor_camera.id, start=END - timedelta(hours=13))
    with pytest.raises(InvalidArgument, match="exceed"):
        await committed(
            uow_factory, submit_request, cameras, cameras, world.investigator, too_long, SlaClock()
        )
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory,
            submit_request,
            cameras,
            cameras,
            world.harbor_approver,
            command(world.harbor_camera.id),
            SlaClock(),
        )

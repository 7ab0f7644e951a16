"""The Requests servicer on a real gRPC server, calling a real Registry server in turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from custody_contracts.grpc import requests_pb2, requests_pb2_grpc
from custody_platform.errors import Conflict, InvalidArgument, NotFound
from custody_platform.grpc import call_metadata, domain_errors, start_grpc_server
from google.protobuf.timestamp_pb2 import Timestamp
from video_requests.entrypoints.grpc_api import Dependencies, RequestsServicer
from video_requests.service_layer.clock import SlaClock

from .conftest import World, person

pytestmark = pytest.mark.integration


@pytest.fixture
async def stub(uow_factory, cameras, grpc_client) -> AsyncIterator[requests_pb2_grpc.RequestsStub]:
    servicer = RequestsServicer(Dependencies(uow_factory, cameras, cameras, SlaClock()))
    server = await start_grpc_server(
        [(requests_pb2_grpc.add_RequestsServicer_to_server, servicer)],
        port=0,
        service_name="requests",
        host="127.0.0.1",
    )
    yield requests_pb2_grpc.RequestsStub(grpc_client.channel(f"127.0.0.1:{server.port}"))
    await server.stop(None)


def _stamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def submission(*camera_ids: str) -> requests_pb2.SubmitRequestRequest:
    end = datetime.now(UTC) - timedelta(minutes=30)
    items = [
        requests_pb2.LineItemInput(
            camera_id=camera_id, start=_stamp(end - timedelta(hours=1)), end=_stamp(end)
        )
        for camera_id in camera_ids
    ]
    return requests_pb2.SubmitRequestRequest(incident_number="INC-5", line_items=items)


async def test_submit_approve_and_read_back(stub, world: World):
    as_metro = call_metadata(world.investigator)
    created = await stub.SubmitRequest(submission(world.harbor_camera.id), metadata=as_metro)
    (item,) = created.line_items
    assert (created.status, item.owner_org_id) == ("submitted", str(world.harbor))
    decide = requests_pb2.DecideLineItemRequest(
        request_id=created.id, line_item_id=item.id, permission="download"
    )
    as_harbor = call_metadata(world.harbor_approver)
    approved = await stub.ApproveLineItem(decide, metadata=as_harbor)
    assert approved.line_items[0].status == "exporting"
    with pytest.raises(Conflict) as raised, domain_errors():
        await stub.ApproveLineItem(decide, metadata=as_harbor)
    assert raised.value.current_state == "exporting"
    read = await stub.GetRequest(requests_pb2.GetRequestRequest(id=created.id), metadata=as_metro)
    assert (read.status, read.line_items[0].permission) == ("in_progress", "download")
    listed = await stub.ListRequests(requests_pb2.ListRequestsRequest(), metadata=as_harbor)
    assert [r.id for r in listed.requests] == [created.id]


async def test_the_callers_principal_reaches_the_registry(stub, world: World):
    """Harbor Mall's private camera is visible to Harbor Mall's own investigator only."""
    wanted = submission(world.private_camera.id)
    own = await stub.SubmitRequest(
        wanted, metadata=call_metadata(person(world.harbor, "investigator"))
    )
    assert own.line_items[0].camera_id == world.private_camera.id
    with pytest.raises(InvalidArgument, match="not found"), domain_errors():
        await stub.SubmitRequest(wanted, metadata=call_metadata(world.investigator))


async def test_strangers_and_bad_input(stub, world: World):
    created = await stub.SubmitRequest(
        submission(world.shop_camera.id), metadata=call_metadata(world.investigator)
    )
    stranger = call_metadata(person(world.harbor, "approver"))
    with pytest.raises(NotFound), domain_errors():
        await stub.GetRequest(requests_pb2.GetRequestRequest(id=created.id), metadata=stranger)
    decide = requests_pb2.DecideLineItemRequest(request_id=created.id, line_item_id="nope")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.RejectLineItem(decide, metadata=call_metadata(world.shop_approver))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_conversation_cancel_and_counts_over_grpc(stub, world: World):
    as_metro, as_shop = call_metadata(world.investigator), call_metadata(world.shop_approver)
    wanted = submission(world.shop_camera.id)
    wanted.incident_latitude, wanted.incident_longitude = 45.5, -73.6
    created = await stub.SubmitRequest(wanted, metadata=as_metro)
    assert (created.incident.latitude, created.incident.HasField("occurred_at")) == (45.5, False)
    item = created.line_items[0]
    ask = requests_pb2.DecideLineItemRequest(
        request_id=created.id, line_item_id=item.id, reason="Which lane?"
    )
    asked = await stub.RequestMoreInfo(ask, metadata=as_shop)
    assert asked.line_items[0].status == "more_info_requested"
    answer = requests_pb2.PostMessageRequest(request_id=created.id, body="Lane 2")
    posted = await stub.PostMessage(answer, metadata=as_metro)
    assert (posted.author_party, posted.owner_org_id) == ("requester", str(world.shop))
    thread = await stub.ListMessages(
        requests_pb2.ListMessagesRequest(request_id=created.id), metadata=as_shop
    )
    assert [m.body for m in thread.messages] == ["Which lane?", "Lane 2"]
    counts = await stub.CountRequests(requests_pb2.ListRequestsRequest(), metadata=as_metro)
    assert (dict(counts.by_status), counts.total) == ({"under_review": 1}, 1)
    cancel = requests_pb2.DecideLineItemRequest(request_id=created.id)
    cancelled = await stub.CancelRequest(cancel, metadata=as_metro)
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict) as raised, domain_errors():
        await stub.ApproveLineItem(ask, metadata=as_shop)
    assert raised.value.current_state == "cancelled"


async def test_an_idempotency_key_makes_one_request_however_often_it_is_sent(stub, world: World):
    as_metro = call_metadata(world.investigator)
    wanted = submission(world.harbor_camera.id)
    wanted.idempotency_key = "retry-7f1c"
    first = await stub.SubmitRequest(wanted, metadata=as_metro)
    again = await stub.SubmitRequest(wanted, metadata=as_metro)
    assert (again.id, again.line_items[0].id) == (first.id, first.line_items[0].id)
    listed = await stub.ListRequests(requests_pb2.ListRequestsRequest(), metadata=as_metro)
    assert [r.id for r in listed.requests].count(first.id) == 1 and listed.total == 1

    other = submission(world.harbor_camera.id)  # another request under the same key
    other.incident_number, other.idempotency_key = "INC-6", wanted.idempotency_key
    with pytest.raises(InvalidArgument, match="different request"), domain_errors():
        await stub.SubmitRequest(other, metadata=as_metro)
    # The key is the caller's own: a colleague's same key makes the colleague's request.
    colleague = call_metadata(person(world.metro, "investigator"))
    theirs = await stub.SubmitRequest(wanted, metadata=colleague)
    assert theirs.id != first.id
    wanted.idempotency_key = "x" * 256
    with pytest.raises(InvalidArgument, match="Idempotency-Key"), domain_errors():
        await stub.SubmitRequest(wanted, metadata=as_metro)


async def test_the_same_key_sent_twice_at_once_makes_one_request(stub, world: World):
    as_metro = call_metadata(world.investigator)
    wanted = submission(world.harbor_camera.id)
    wanted.idempotency_key = "double-click"

    async def send() -> str | Exception:
        try:
            with domain_errors():
                return (await stub.SubmitRequest(wanted, metadata=as_metro)).id
        except Conflict as refused:  # the other one was being stored: retry to read it
            return refused

    answers = await asyncio.gather(send(), send(), send())
    made = {a for a in answers if isinstance(a, str)}
    assert len(made) == 1, answers
    assert all(isinstance(a, (str, Conflict)) for a in answers)
    listed = await stub.ListRequests(requests_pb2.ListRequestsRequest(), metadata=as_metro)
    assert listed.total == 1

"""In-app notifications against real Postgres, a real Identity gRPC server and the notifier's
own Notifications gRPC servicer: events in, each user's tray out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_contracts.events.video_requests import LineItemStatusChanged
from custody_contracts.grpc import notifications_pb2 as pb
from custody_contracts.principal import Principal
from custody_platform.embedded.smtp import text_part

from .conftest import submitted

pytestmark = pytest.mark.integration


def _person(org_id: uuid.UUID, user_id: str) -> Principal:
    return Principal(user_id=uuid.UUID(user_id), org_id=org_id, roles=frozenset({"approver"}))


async def test_a_request_to_review_lands_once_in_each_approvers_tray(
    identity, to_inbox, trays, smtp_sink
):
    server, _ = identity
    harbor = uuid.uuid4()
    ann = server.add(harbor, "ann@harbor.example", "approver")
    bob = server.add(harbor, "bob@harbor.example", "approver")
    server.add(harbor, "cam@harbor.example", "org_admin")  # no approver: not told
    event = submitted(harbor, harbor)

    envelope = await to_inbox(event)
    await to_inbox(event, envelope)  # redelivered: still one notification each

    for person in (ann, bob):
        found = await trays(_person(harbor, person.id)).ListNotifications(
            pb.ListNotificationsRequest()
        )
        [notice] = found.notifications
        assert (found.total, found.unread) == (1, 1)
        assert notice.kind == "review_requested"
        assert notice.title == f"Video request {event.incident_number} needs your review"
        assert notice.body == "An investigator asks for video from 2 of your cameras."
        assert notice.link == f"/requests/{event.request_id}"
        assert (notice.user_id, notice.org_id) == (person.id, str(harbor))
        assert not notice.HasField("read_at")
    assert smtp_sink.messages() == []  # the tray's consumer sends no mail


async def test_mark_read_is_scoped_to_the_calling_user(identity, to_inbox, trays):
    server, _ = identity
    harbor = uuid.uuid4()
    ann = server.add(harbor, "ann@harbor.example", "approver")
    bob = server.add(harbor, "bob@harbor.example", "approver")
    await to_inbox(submitted(harbor))
    await to_inbox(submitted(harbor))
    as_ann, as_bob = trays(_person(harbor, ann.id)), trays(_person(harbor, bob.id))
    anns = (await as_ann.ListNotifications(pb.ListNotificationsRequest())).notifications
    assert len(anns) == 2

    with pytest.raises(grpc.aio.AioRpcError) as refused:  # Bob cannot touch Ann's
        await as_bob.MarkRead(pb.MarkReadRequest(id=anns[0].id))
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    stranger = _person(uuid.uuid4(), ann.id)  # Ann's user id with another org: nothing either
    with pytest.raises(grpc.aio.AioRpcError):
        await trays(stranger).MarkRead(pb.MarkReadRequest(id=anns[0].id))
    assert (await as_ann.CountUnread(pb.CountUnreadRequest())).unread == 2

    marked = await as_ann.MarkRead(pb.MarkReadRequest(id=anns[0].id))
    assert marked.HasField("read_at")
    again = await as_ann.MarkRead(pb.MarkReadRequest(id=anns[0].id))
    assert again.read_at == marked.read_at  # the first read time stays
    assert (await as_ann.CountUnread(pb.CountUnreadRequest())).unread == 1
    unread = await as_ann.ListNotifications(pb.ListNotificationsRequest(read=False))
    read = await as_ann.ListNotifications(pb.ListNotificationsRequest(read=True))
    assert [n.id for n in unread.notifications] == [anns[1].id]
    assert [n.id for n in read.notifications] == [anns[0].id]

    assert (await as_bob.MarkAllRead(pb.MarkAllReadRequest())).marked == 2
    assert (await as_bob.CountUnread(pb.CountUnreadRequest())).unread == 0
    assert (await as_ann.CountUnread(pb.CountUnreadRequest())).unread == 1  # untouched


async def test_newest_first_and_paged(identity, to_inbox, trays):
    server, _ = identity
    harbor = uuid.uuid4()
    ann = server.add(harbor, "ann@harbor.example", "approver")
    events = [submitted(harbor) for _ in range(3)]
    for event in events:
        await to_inbox(event)
    as_ann = trays(_person(harbor, ann.id))
    first = await as_ann.ListNotifications(pb.ListNotificationsRequest(limit=2))
    rest = await as_ann.ListNotifications(pb.ListNotificationsRequest(limit=2, offset=2))
    links = [n.link for n in (*first.notifications, *rest.notifications)]
    assert links == [f"/requests/{e.request_id}" for e in reversed(events)]
    assert (first.total, rest.total, len(rest.notifications)) == (3, 3, 1)


async def test_requester_is_told_of_no_video_and_a_finished_transfer(
    identity, to_inbox, deliver, trays, smtp_sink
):
    server, _ = identity
    metro = uuid.uuid4()
    ivy = server.add(metro, "ivy@metro.example", "investigator")
    request = submitted(uuid.uuid4(), requester_org=metro, requester_user=uuid.UUID(ivy.id))
    await to_inbox(request)
    no_video = LineItemStatusChanged(
        request_id=request.request_id,
        line_item_id=request.line_items[0].line_item_id,
        owner_org_id=request.line_items[0].owner_org_id,
        requester_org_id=metro,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
        previous_status="exporting",
        status="video_unavailable",
        reason="recording gap",
    )
    device = uuid.uuid4()
    finished = BackgroundVideoFinished(
        background_request_id=uuid.uuid4(),
        device_id=device,
        device_name="Unit 12",
        org_id=metro,
        requested_by=uuid.UUID(ivy.id),
        outcome="complete",
        files=2,
        total_bytes=2048,
        occurred_at=datetime.now(UTC),
    )
    await to_inbox(no_video)
    done = Envelope(type=finished.type, source="device-gateway")
    await to_inbox(finished, done)
    await deliver(finished, done)  # the mailer, from the same event

    found = await trays(_person(metro, ivy.id)).ListNotifications(pb.ListNotificationsRequest())
    transfer, gap = found.notifications
    assert (gap.kind, gap.title) == ("no_video", f"No video for {request.incident_number}")
    assert gap.body.endswith("Reason: recording gap")
    assert (transfer.kind, transfer.title) == (
        "transfer_complete",
        "Video from Unit 12 transferred",
    )
    assert transfer.link == f"/devices/{device}/video-requests/{finished.background_request_id}"
    [mail] = smtp_sink.messages()
    assert (mail["To"], mail["Subject"]) == ("ivy@metro.example", "Video from Unit 12 transferred")
    assert f"https://custody.example{transfer.link}" in text_part(mail)

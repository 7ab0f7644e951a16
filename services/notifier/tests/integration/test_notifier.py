"""The notifier against a real SMTP server, a real Identity gRPC server and real Postgres."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from custody_contracts.envelope import Envelope
from custody_contracts.events.evidence import PublicEvidenceReceived
from custody_contracts.events.video_requests import (
    LineItemDueSoon,
    LineItemStatusChanged,
    RequestFulfilled,
    RequestMessagePosted,
    RequestRejected,
    RequestSubmitted,
)
from custody_platform.embedded.services import free_ports
from custody_platform.embedded.smtp import text_part
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceRuntime
from notifier.adapters.clients import SERVICE_PRINCIPAL
from notifier.bootstrap import build_notifier
from notifier.config import Settings
from notifier.service_layer import notify
from sqlalchemy import text

from .conftest import BASE_URL, submitted

pytestmark = pytest.mark.integration


async def _rows(runtime: ServiceRuntime, event_id: uuid.UUID) -> list[dict[str, Any]]:
    query = text("SELECT * FROM notifier.notifications WHERE event_id = :e ORDER BY to_address")
    async with runtime.engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(query, {"e": event_id})).mappings()]


async def _audits(runtime: ServiceRuntime, request_id: uuid.UUID) -> list[dict[str, Any]]:
    query = text(
        "SELECT payload FROM notifier.outbox WHERE event_type = 'audit.record.v1' ORDER BY seq"
    )
    async with runtime.engine.connect() as conn:
        records = [json.loads(p) for p in (await conn.execute(query)).scalars()]
    return [r for r in records if r["object_id"] == str(request_id)]


def _mail_to(smtp_sink, address: str) -> list[Any]:  # type: ignore[no-untyped-def]
    return [m for m in smtp_sink.messages() if m["To"] == address]


async def test_approvers_of_each_owner_org_are_emailed_once(
    identity, runtime_and_parts, deliver, smtp_sink
):
    server, _ = identity
    harbor, plaza = uuid.uuid4(), uuid.uuid4()
    server.add(harbor, "ann@harbor.example", "approver")
    server.add(harbor, "bob@harbor.example", "approver", "org_admin")
    server.add(harbor, "cam@harbor.example", "org_admin")  # not an approver
    server.add(plaza, "dee@plaza.example", "approver")
    event = submitted(harbor, plaza, harbor)

    envelope = await deliver(event)
    await deliver(event, envelope)  # redelivered: no second email

    messages = smtp_sink.messages()
    assert sorted(m["To"] for m in messages) == [
        "ann@harbor.example",
        "bob@harbor.example",
        "dee@plaza.example",
    ]
    for message in messages:
        assert message["Subject"] == f"New video request {event.incident_number}"
        assert f"{BASE_URL}/requests/{event.request_id}" in text_part(message)
    assert {p.roles for p in server.callers} == {frozenset({"service"})}
    rows = await _rows(runtime_and_parts[0], envelope.id)
    assert [(r["to_address"], r["status"]) for r in rows] == [
        ("ann@harbor.example", "sent"),
        ("bob@harbor.example", "sent"),
        ("dee@plaza.example", "sent"),
    ]
    audits = await _audits(runtime_and_parts[0], event.request_id)
    assert [a["action"] for a in audits] == ["notification.sent"] * 3
    assert all("@" not in json.dumps(a) for a in audits)  # no addresses in the ledger


async def test_requester_is_told_when_video_is_available(identity, deliver, smtp_sink):
    server, _ = identity
    metro = uuid.uuid4()
    investigator = server.add(metro, "ivy@metro.example", "investigator")
    request = submitted(
        uuid.uuid4(), requester_org=metro, requester_user=uuid.UUID(investigator.id)
    )
    await deliver(request)
    fulfilled = RequestFulfilled(
        request_id=request.request_id,
        line_item_id=request.line_items[0].line_item_id,
        requester_org_id=metro,
        requester_user_id=request.requester_user_id,
        case_id=uuid.uuid4(),
        evidence_id=uuid.uuid4(),
    )
    envelope = await deliver(fulfilled)
    await deliver(fulfilled, envelope)
    [message] = _mail_to(smtp_sink, "ivy@metro.example")
    assert message["Subject"] == f"Video available for {request.incident_number}"


async def test_requester_is_told_of_a_rejection_with_its_reason(identity, deliver, smtp_sink):
    server, _ = identity
    metro, harbor = uuid.uuid4(), uuid.uuid4()
    investigator = server.add(metro, "ivy@metro.example", "investigator")
    rejected = RequestRejected(
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=harbor,
        requester_org_id=metro,
        requester_user_id=uuid.UUID(investigator.id),
        reason="camera offline",
    )
    await deliver(rejected)
    [message] = _mail_to(smtp_sink, "ivy@metro.example")
    assert message["Subject"] == f"Video request {rejected.request_id} rejected"
    assert "Reason: camera offline" in text_part(message)


def _changed(request: RequestSubmitted, status: str, reason: str) -> LineItemStatusChanged:
    return LineItemStatusChanged(
        request_id=request.request_id,
        line_item_id=request.line_items[0].line_item_id,
        owner_org_id=request.line_items[0].owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
        previous_status="exporting",
        status=status,
        reason=reason,
    )


@pytest.mark.parametrize(
    ("status", "subject"),
    [
        ("video_unavailable", "No video available for {}"),
        ("more_info_requested", "More information needed for {}"),
        ("expired", "Video request {} expired"),
    ],
)
async def test_requester_is_told_of_no_video_questions_and_expiry(
    identity, deliver, smtp_sink, status, subject
):
    server, _ = identity
    metro, harbor = uuid.uuid4(), uuid.uuid4()
    investigator = server.add(metro, "ivy@metro.example", "investigator")
    request = submitted(harbor, requester_org=metro, requester_user=uuid.UUID(investigator.id))
    await deliver(request)
    await deliver(_changed(request, status, "recording gap"))
    await deliver(_changed(request, "under_review", ""))  # quiet: nothing for the requester
    [message] = _mail_to(smtp_sink, "ivy@metro.example")
    assert message["Subject"] == subject.format(request.incident_number)
    assert "Reason: recording gap" in text_part(message)


async def test_policy_approvers_are_told_and_auto_approved_owners_are_not(
    identity, deliver, smtp_sink
):
    server, _ = identity
    harbor, plaza = uuid.uuid4(), uuid.uuid4()
    named = server.add(harbor, "nia@harbor.example", "approver")
    server.add(harbor, "other@harbor.example", "approver")  # not named by the policy
    server.add(plaza, "dee@plaza.example", "approver")
    event = submitted(harbor, plaza)
    harbor_item, plaza_item = event.line_items
    items = (
        harbor_item.model_copy(update={"approver_user_ids": (uuid.UUID(named.id),)}),
        plaza_item.model_copy(update={"status": "exporting"}),  # a partner: approved at once
    )
    await deliver(event.model_copy(update={"line_items": items}))
    assert [m["To"] for m in smtp_sink.messages()] == ["nia@harbor.example"]


async def test_conversation_and_reminders_reach_the_other_party(identity, deliver, smtp_sink):
    server, _ = identity
    metro, harbor = uuid.uuid4(), uuid.uuid4()
    ivy = server.add(metro, "ivy@metro.example", "investigator")
    server.add(harbor, "ann@harbor.example", "approver")
    request = submitted(harbor, requester_org=metro, requester_user=uuid.UUID(ivy.id))
    common = dict(
        request_id=request.request_id,
        owner_org_id=harbor,
        requester_org_id=metro,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
    )
    owner_says = RequestMessagePosted(
        message_id=uuid.uuid4(),
        author_user_id=uuid.uuid4(),
        author_party="owner",
        body="Which door?",
        **common,
    )
    requester_says = owner_says.model_copy(
        update={"message_id": uuid.uuid4(), "author_party": "requester", "body": "North"}
    )
    await deliver(owner_says)
    await deliver(requester_says)
    due = LineItemDueSoon(
        request_id=request.request_id,
        line_item_id=request.line_items[0].line_item_id,
        owner_org_id=harbor,
        incident_number=request.incident_number,
        due_at=datetime.now(UTC),
    )
    await deliver(due)
    [to_ivy] = _mail_to(smtp_sink, "ivy@metro.example")
    assert "Which door?" in text_part(to_ivy)
    to_ann = _mail_to(smtp_sink, "ann@harbor.example")
    assert sorted(m["Subject"] for m in to_ann) == [
        f"Decision due soon: {request.incident_number}",
        f"New message on video request {request.incident_number}",
    ]


async def test_smtp_outage_raises_and_records_nothing(identity, make_runtime, smtp_sink):
    server, _ = identity
    harbor = uuid.uuid4()
    server.add(harbor, "ann@harbor.example", "approver")
    runtime, _ = make_runtime("smtp://127.0.0.1:9")  # nothing listens on the discard port
    event, event_id = submitted(harbor), uuid.uuid4()
    async with _notifier(runtime) as notifier, runtime.uow() as uow:
        with pytest.raises(OSError):
            await notify.request_submitted(uow, notifier, event, event_id)
    assert await _rows(runtime, event_id) == []


@asynccontextmanager
async def _notifier(runtime: ServiceRuntime) -> AsyncIterator[notify.Notifier]:
    """The Notifier bootstrap builds, for calling the service layer directly."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    async with GrpcClient(principal=SERVICE_PRINCIPAL) as clients:
        yield build_notifier(settings, clients)


class RefusingHandler:
    """A real SMTP server's policy: mailboxes named gone@ do not exist (550)."""

    def __init__(self) -> None:
        self.delivered: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # type: ignore[no-untyped-def]
        if address.startswith("gone@"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.delivered.extend(envelope.rcpt_tos)
        return "250 OK"


async def test_refused_recipient_is_recorded_as_failed_and_others_still_get_mail(
    identity, make_runtime
):
    server, _ = identity
    harbor = uuid.uuid4()
    server.add(harbor, "gone@harbor.example", "approver")
    server.add(harbor, "ann@harbor.example", "approver")
    handler = RefusingHandler()
    [port] = free_ports(1)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        runtime, parts = make_runtime(f"smtp://127.0.0.1:{port}")
        consumer = parts.consumers[0][0]
        event = submitted(harbor)
        envelope = Envelope(type=event.type, source="requests")
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        await consumer.handle(
            event.model_dump_json().encode(),
            headers,
            topic=event.topic,
            partition=0,
            offset=0,
            key=None,
        )
    finally:
        controller.stop()
    assert handler.delivered == ["ann@harbor.example"]
    rows = await _rows(runtime, envelope.id)
    assert [(r["to_address"], r["status"]) for r in rows] == [
        ("ann@harbor.example", "sent"),
        ("gone@harbor.example", "failed"),
    ]
    assert rows[1]["error"].startswith("550") and rows[1]["sent_at"] is None
    actions = sorted(a["action"] for a in await _audits(runtime, event.request_id))
    assert actions == ["notification.failed", "notification.sent"]


async def test_investigators_hear_of_a_public_upload_recorded_against_the_evidence(
    identity, runtime_and_parts, deliver, smtp_sink
):
    server, _ = identity
    metro = uuid.uuid4()
    lead = server.add(metro, "lee@metro.example", "investigator")
    event = PublicEvidenceReceived(
        evidence_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        org_id=metro,
        case_number="MP-7",
        filename="platform.mp4",
        size=1234,
        notify_user_ids=(uuid.UUID(lead.id),),
    )
    await deliver(event)
    [message] = _mail_to(smtp_sink, "lee@metro.example")
    assert message["Subject"] == "New public upload in case MP-7"
    [audit] = await _audits(runtime_and_parts[0], event.evidence_id)
    assert (audit["action"], audit["object_type"]) == ("notification.sent", "evidence")


async def test_only_users_of_the_owner_organization_hear_of_its_line_items(
    identity, runtime_and_parts, deliver, smtp_sink
):
    """A policy saved before approvers were checked may name another organization's user
    (or one that no longer exists): the owner's business is emailed to its own users only."""
    server, _ = identity
    harbor, rival = uuid.uuid4(), uuid.uuid4()
    own = server.add(harbor, "nia@harbor.example", "approver")
    stranger = server.add(rival, "sly@rival.example", "approver")
    named = (uuid.UUID(own.id), uuid.UUID(stranger.id), uuid.uuid4())  # own, another org's, gone
    event = submitted(harbor)
    items = tuple(i.model_copy(update={"approver_user_ids": named}) for i in event.line_items)
    envelope = await deliver(event.model_copy(update={"line_items": items}))
    due = LineItemDueSoon(
        request_id=event.request_id,
        line_item_id=items[0].line_item_id,
        owner_org_id=harbor,
        incident_number=event.incident_number,
        due_at=datetime.now(UTC),
        approver_user_ids=named,
    )
    await deliver(due)
    assert [m["To"] for m in smtp_sink.messages()] == ["nia@harbor.example"] * 2
    rows = await _rows(runtime_and_parts[0], envelope.id)
    assert [r["to_address"] for r in rows] == ["nia@harbor.example"]
    audits = await _audits(runtime_and_parts[0], event.request_id)
    assert {a["details"]["recipient_user_id"] for a in audits} == {own.id}
    assert all(str(rival) not in a["org_ids"] for a in audits)


async def test_a_public_upload_is_told_only_to_users_of_the_cases_organization(
    identity, deliver, smtp_sink
):
    server, _ = identity
    metro, rival = uuid.uuid4(), uuid.uuid4()
    lead = server.add(metro, "lee@metro.example", "investigator")
    stranger = server.add(rival, "sly@rival.example", "investigator")
    event = PublicEvidenceReceived(
        evidence_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        org_id=metro,
        case_number="MP-8",
        filename="platform.mp4",
        size=1234,
        notify_user_ids=(uuid.UUID(lead.id), uuid.UUID(stranger.id)),
    )
    await deliver(event)
    assert [m["To"] for m in smtp_sink.messages()] == ["lee@metro.example"]

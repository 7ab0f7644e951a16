"""Preferences and the daily digest against real Postgres, a real SMTP sink, a real Identity
gRPC server and the notifier's own Notifications servicer: what each person chose decides
what they get, and the digest goes out once per person per day whatever runs it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from custody_contracts.events.video_requests import RequestRejected
from custody_contracts.grpc import notifications_pb2 as pb
from custody_contracts.principal import Principal
from custody_platform.embedded.smtp import SmtpSink, html_part, text_part
from custody_platform.grpc import GrpcClient
from custody_platform.runtime import ServiceRuntime
from notifier.adapters.clients import SERVICE_PRINCIPAL
from notifier.bootstrap import build_notifier
from notifier.entrypoints.digest_worker import digest_pass

from .conftest import BASE_URL, Stub

pytestmark = pytest.mark.integration
HOUR = 7


def _rejected(me: Principal) -> RequestRejected:
    return RequestRejected(
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=uuid.uuid4(),
        requester_org_id=me.org_id,
        requester_user_id=me.user_id,
        reason="camera offline",
    )


async def _choose(trays: Stub, person: Principal, topic: str, choice: str) -> pb.Preferences:
    wanted = pb.UpdatePreferencesRequest(
        preferences=[pb.PreferenceChoice(topic=topic, choice=choice)]
    )
    return await trays(person).UpdatePreferences(wanted)


def _mail_to(sink: SmtpSink, address: str) -> list:  # type: ignore[type-arg]
    return [m for m in sink.messages() if m["To"] == address]


async def _tray(trays: Stub, person: Principal) -> list[str]:
    found = await trays(person).ListNotifications(pb.ListNotificationsRequest())
    return [n.kind for n in found.notifications]


@pytest.fixture
def person(identity):  # type: ignore[no-untyped-def]
    """A user of the Identity server, as a principal, with their address."""
    server, _ = identity
    org = uuid.uuid4()
    user = server.add(org, f"ivy.{uuid.uuid4().hex[:6]}@metro.example", "investigator")
    roles = frozenset({"investigator"})
    return Principal(user_id=uuid.UUID(user.id), org_id=org, roles=roles), user.email


async def test_defaults_then_off_then_in_app_only(person, trays, deliver, to_inbox, smtp_sink):
    me, address = person
    shown = await trays(me).GetPreferences(pb.GetPreferencesRequest())
    choices = {p.topic: (p.choice, p.mandatory) for p in shown.preferences}
    assert choices["request_decided"] == ("email", False)
    assert choices["webhook_disabled"] == ("in_app", True)

    await _choose(trays, me, "request_decided", "off")
    event = _rejected(me)
    await deliver(event)
    await to_inbox(event)
    assert _mail_to(smtp_sink, address) == [] and await _tray(trays, me) == []

    await _choose(trays, me, "request_decided", "in_app")
    event = _rejected(me)
    await deliver(event)
    await to_inbox(event)
    assert _mail_to(smtp_sink, address) == []
    assert await _tray(trays, me) == ["request_rejected"]

    await _choose(trays, me, "request_decided", "email")
    await deliver(_rejected(me))
    [mail] = _mail_to(smtp_sink, address)
    assert mail.get_content_type() == "multipart/alternative"
    assert "Reason: camera offline" in text_part(mail) and "camera offline" in html_part(mail)


async def test_refusals_save_nothing(person, trays):  # type: ignore[no-untyped-def]
    me, _ = person
    refused_changes = [
        ("lottery", "off"),
        ("request_decided", "pigeon"),
        ("webhook_disabled", "off"),
    ]
    for topic, choice in refused_changes:
        with pytest.raises(grpc.aio.AioRpcError) as failed:
            await _choose(trays, me, topic, choice)
        assert failed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    shown = await trays(me).GetPreferences(pb.GetPreferencesRequest())
    assert {p.choice for p in shown.preferences} == {"email", "in_app"}


async def test_the_digest_goes_out_once_a_day_whoever_runs_it(
    person, trays, deliver, runtime_and_parts, smtp_sink
):  # type: ignore[no-untyped-def]
    me, address = person
    runtime: ServiceRuntime = runtime_and_parts[0]
    post = build_notifier(runtime.settings, GrpcClient(principal=SERVICE_PRINCIPAL)).post
    await _choose(trays, me, "request_decided", "digest")
    first, second = _rejected(me), _rejected(me)
    await deliver(first)
    envelope = await deliver(second)
    await deliver(second, envelope)  # redelivered: held once
    assert _mail_to(smtp_sink, address) == []

    # The first digest hour after the notices (today's, if it is still to come: a run just
    # after midnight once waited for tomorrow's, a day late).
    now = datetime.now(UTC)
    due = now.replace(hour=HOUR, minute=0, second=0, microsecond=0)
    due += timedelta(days=1) if due <= now else timedelta(0)
    await digest_pass(runtime.uow, post, due - timedelta(minutes=1), HOUR)
    assert _mail_to(smtp_sink, address) == []  # the hour has not come

    # Two replicas at the hour, then a restart: one digest.
    await asyncio.gather(*(digest_pass(runtime.uow, post, due, HOUR) for _ in range(2)))
    await digest_pass(runtime.uow, post, due + timedelta(hours=1), HOUR)
    [digest] = _mail_to(smtp_sink, address)
    assert digest["Subject"] == "Your Custody digest: 2 notices"
    for event in (first, second):
        link = f"{BASE_URL}/requests/{event.request_id}"
        assert link in text_part(digest) and f'href="{link}"' in html_part(digest)

    # The next day's digest holds only what came after.
    third = _rejected(me)
    await deliver(third)
    await digest_pass(runtime.uow, post, due + timedelta(days=1), HOUR)
    later = _mail_to(smtp_sink, address)[1]
    assert later["Subject"] == "Your Custody digest: 1 notice"
    assert str(third.request_id) in text_part(later)
    assert str(first.request_id) not in text_part(later)

"""The guest invitation email against a real SMTP server and real Postgres: the invitee gets
both parts with the accept link, once, however often the event is redelivered; only the
mailer reads the gateway's topic, and the audit record holds neither the link nor the address."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts import topics
from custody_contracts.events.gateway import GuestInvited
from custody_platform.embedded.smtp import html_part, text_part
from sqlalchemy import text

pytestmark = pytest.mark.integration


def _invited() -> GuestInvited:
    return GuestInvited(
        invitation_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        org_name="Harbor Mall",
        invited_by=uuid.uuid4(),
        inviter_name="Ann Admin",
        email=f"ruiz.{uuid.uuid4().hex[:6]}@metro.example",
        display_name="Det. Ruiz",
        agency="Metro PD",
        expires_at=datetime.now(UTC) + timedelta(days=7),
        accept_url=f"https://web.example/invitations/accept?token={uuid.uuid4().hex}",
    )


async def test_the_invitee_is_emailed_the_link_once(runtime_and_parts, deliver, smtp_sink):  # type: ignore[no-untyped-def]
    event = _invited()
    envelope = await deliver(event)
    await deliver(event, envelope)  # redelivered: no second email

    [mail] = [m for m in smtp_sink.messages() if m["To"] == event.email]
    assert mail["Subject"] == "Ann Admin invited you to Harbor Mall on Custody"
    assert f"Accept the invitation: {event.accept_url}" in text_part(mail)
    assert f'href="{event.accept_url}"' in html_part(mail)
    runtime = runtime_and_parts[0]
    rows = text("SELECT kind, status FROM notifier.notifications WHERE event_id = :e")
    audited = text("SELECT payload FROM notifier.outbox WHERE payload LIKE :id")
    async with runtime.engine.connect() as conn:
        sent = (await conn.execute(rows, {"e": envelope.id})).all()
        found = await conn.execute(audited, {"id": f"%{event.invitation_id}%"})
        records = found.scalars().all()
    assert [tuple(row) for row in sent] == [("guest_invited", "sent")]
    [record] = [json.loads(payload) for payload in records]
    assert (record["action"], record["object_type"]) == ("notification.sent", "guest_invitation")
    assert event.accept_url.split("=")[1] not in json.dumps(record) and "@" not in json.dumps(
        record
    )


def test_only_the_mailer_reads_the_gateways_topic(runtime_and_parts):  # type: ignore[no-untyped-def]
    """The link is a credential: the tray and the webhooks never see it."""
    readers = [
        c.name for c, subscribed in runtime_and_parts[1].consumers if topics.GATEWAY in subscribed
    ]
    assert readers == ["mailer"]

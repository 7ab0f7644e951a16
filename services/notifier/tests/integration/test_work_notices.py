"""Work someone asked for is done: the person who asked a redaction or a disclosure package
is emailed (text and HTML, linking the web app) and told in the tray; nobody else is."""

from __future__ import annotations

import uuid

import pytest
from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.evidence import RedactionRequested
from custody_contracts.events.redaction import RedactionCompleted
from custody_contracts.grpc import notifications_pb2 as pb
from custody_contracts.principal import Principal
from custody_platform.embedded.smtp import html_part, text_part

from .conftest import BASE_URL

pytestmark = pytest.mark.integration


def _asked(identity):  # type: ignore[no-untyped-def]
    server, _ = identity
    org = uuid.uuid4()
    user = server.add(org, f"rae.{uuid.uuid4().hex[:6]}@metro.example", "investigator")
    roles = frozenset({"investigator"})
    return Principal(user_id=uuid.UUID(user.id), org_id=org, roles=roles), user.email


async def test_the_person_who_asked_a_redaction_is_told_it_is_ready(
    identity, deliver, to_inbox, trays, smtp_sink
):  # type: ignore[no-untyped-def]
    me, address = _asked(identity)
    job, item = uuid.uuid4(), uuid.uuid4()
    asked = RedactionRequested(
        job_id=job, evidence_id=item, case_id=uuid.uuid4(), org_id=me.org_id,
        object_key="k", sha256="0" * 64, requested_by=me.user_id, filename="lobby.mp4",
    )  # fmt: skip
    done = RedactionCompleted(
        job_id=job, evidence_id=item, org_id=me.org_id, object_key="r", sha256="1" * 64, size=9
    )
    for event in (asked, done):
        await deliver(event)
        await to_inbox(event)
    [mail] = [m for m in smtp_sink.messages() if m["To"] == address]
    link = f"{BASE_URL}/evidence/{item}/redaction/{job}"
    assert mail["Subject"] == "Redacted copy of lobby.mp4 is ready"
    assert link in text_part(mail) and f'href="{link}"' in html_part(mail)
    tray = await trays(me).ListNotifications(pb.ListNotificationsRequest())
    assert [(n.kind, n.link) for n in tray.notifications] == [
        ("redaction_ready", f"/evidence/{item}/redaction/{job}")
    ]


async def test_the_person_who_asked_a_disclosure_is_told_it_is_ready(identity, deliver, smtp_sink):  # type: ignore[no-untyped-def]
    me, address = _asked(identity)
    _, other_address = _asked(identity)  # a user the event does not name
    made = DisclosureCreated(
        disclosure_id=uuid.uuid4(), case_id=uuid.uuid4(), org_id=me.org_id,
        evidence_ids=(uuid.uuid4(),), sha256="2" * 64, size=10, tree_head_id=1,
        created_by=me.user_id,
    )  # fmt: skip
    await deliver(made)
    [mail] = [m for m in smtp_sink.messages() if m["To"] == address]
    assert f"{BASE_URL}/disclosures/{made.disclosure_id}" in text_part(mail)
    assert [m for m in smtp_sink.messages() if m["To"] == other_address] == []

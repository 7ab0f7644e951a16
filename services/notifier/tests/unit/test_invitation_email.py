"""The guest invitation email: who invites, into which organization, for which agency, until
when, and the link that accepts it, in both parts; no preferences footer for a non-user."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from custody_contracts.events.gateway import GuestInvited
from notifier.adapters.email_templates import EmailTemplates
from notifier.domain.messages import guest_invited

pytestmark = pytest.mark.unit

LINK = "https://web.example/invitations/accept?token=abc-DEF_123"


def _invited(**changes: str) -> GuestInvited:
    fields = {
        "invitation_id": uuid.uuid4(),
        "org_id": uuid.uuid4(),
        "org_name": "Harbor Mall",
        "invited_by": uuid.uuid4(),
        "inviter_name": "Ann Admin",
        "email": "ruiz@metro.example",
        "display_name": "Det. Ruiz",
        "agency": "Metro PD",
        "expires_at": datetime(2026, 12, 14, 22, 30, tzinfo=UTC),
        "accept_url": LINK,
    }
    return GuestInvited.model_validate(fields | changes)


def test_the_invitation_names_the_inviter_the_organization_the_agency_and_the_expiry() -> None:
    email = guest_invited(_invited())
    assert email.to == "ruiz@metro.example"
    assert email.subject == "Ann Admin invited you to Harbor Mall on Custody"
    assert email.greeting == "Hello Det. Ruiz,"
    assert "Ann Admin of Harbor Mall invited you" in email.text
    assert "guest investigator for Metro PD" in email.text
    assert "until 2026-12-14 22:30 UTC" in email.text
    assert (email.action, email.link) == ("Accept the invitation", LINK)


def test_both_parts_carry_the_link_and_no_preferences_a_guest_cannot_choose_yet() -> None:
    letter = EmailTemplates("https://web.example").message(guest_invited(_invited()))
    assert f"Accept the invitation: {LINK}" in letter.text
    assert f'href="{LINK}"' in letter.html
    assert "Metro PD" in letter.text and "Metro PD" in letter.html
    assert "/account/notifications" not in letter.text + letter.html


def test_names_the_inviter_chose_are_escaped_in_the_html() -> None:
    letter = EmailTemplates("https://web.example").message(
        guest_invited(_invited(agency="<b>Metro</b>", display_name="<i>Ruiz</i>"))
    )
    assert "<b>Metro</b>" not in letter.html and "&lt;b&gt;Metro&lt;/b&gt;" in letter.html
    assert "Hello &lt;i&gt;Ruiz&lt;/i&gt;," in letter.html

"""The gateway's events: identity. Only what another service must act on; the gateway's
audit records go to audit.records like every service's.

GuestInvited carries the invitation's accept link, one-time token included (decision 0047):
the notifier consumes this topic alone, for the email; the audit ledger and webhooks never see
it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from custody_contracts import topics
from custody_contracts.events.base import Event


class GuestInvited(Event):
    """An organization invited an outside investigator: the invitee is emailed the link."""

    topic: ClassVar[str] = topics.GATEWAY
    key_field: ClassVar[str] = "invitation_id"
    type: Literal["gateway.guest_invited.v1"] = "gateway.guest_invited.v1"
    invitation_id: uuid.UUID
    org_id: uuid.UUID
    org_name: str
    invited_by: uuid.UUID
    inviter_name: str
    email: str
    display_name: str
    agency: str
    expires_at: datetime
    accept_url: str  # the web app's page, with the one-time token

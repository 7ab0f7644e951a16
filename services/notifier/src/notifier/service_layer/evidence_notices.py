"""Evidence news for investigators: a member of the public uploaded through a file request."""

from __future__ import annotations

import uuid

from custody_contracts.events.evidence import PublicEvidenceReceived
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain.messages import Email, Recipient, compose
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.notify import Notifier, members_of


def public_evidence_email(
    recipient: Recipient, event: PublicEvidenceReceived, base_url: str
) -> Email:
    link = f"{base_url.rstrip('/')}/cases/{event.case_id}"
    text = (
        f"A member of the public uploaded {event.filename} ({event.size} bytes) to case "
        f"{event.case_number} through a file request."
    )
    return compose(
        recipient, f"New public upload in case {event.case_number}", text, "Review it", link
    )


async def public_evidence_received(
    uow: UnitOfWork, notifier: Notifier, event: PublicEvidenceReceived, event_id: uuid.UUID
) -> None:
    """The case's creator and assignees, as evidence named them, who are users of the case's
    organization."""
    recipients = await members_of(notifier, event.org_id, event.notify_user_ids)
    emails = [public_evidence_email(r, event, notifier.public_base_url) for r in recipients]
    delivery = Delivery(
        event_id, "public_evidence_received", event.evidence_id, (event.org_id,), "evidence"
    )
    await deliver(uow, notifier.post, delivery, emails)

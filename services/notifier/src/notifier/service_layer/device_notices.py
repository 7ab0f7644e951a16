"""Device news by email: a background-video request has ended (transferred, no video, failed).
The email says what the in-app notification says, with a link into the web app."""

from __future__ import annotations

import uuid

from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain import inbox
from notifier.domain.messages import Email, Recipient, compose
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.notify import Notifier, members_of


def background_video_email(
    recipient: Recipient, event: BackgroundVideoFinished, base_url: str
) -> Email:
    told = inbox.background_video(event)
    link = f"{base_url.rstrip('/')}{told.link}"
    return compose(recipient, told.title, told.body, "See it", link)


async def background_video_finished(
    uow: UnitOfWork, notifier: Notifier, event: BackgroundVideoFinished, event_id: uuid.UUID
) -> None:
    """The user who asked, if still a user of the device's organization."""
    recipients = await members_of(notifier, event.org_id, (event.requested_by,))
    emails = [background_video_email(r, event, notifier.public_base_url) for r in recipients]
    delivery = Delivery(
        event_id, "background_video_finished", event.device_id, (event.org_id,), "device"
    )
    await deliver(uow, notifier.post, delivery, emails)

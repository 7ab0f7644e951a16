"""An organization invited an outside investigator: the invitee is emailed the link that
accepts the invitation (decision 0047). Not a user yet, they have no preferences and no tray;
the email is recorded like any other, its audit record without the address or the link."""

from __future__ import annotations

import uuid

from custody_contracts.events.gateway import GuestInvited
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain import messages
from notifier.service_layer.delivery import Delivery, deliver_one
from notifier.service_layer.notify import Notifier


async def guest_invited(
    uow: UnitOfWork, notifier: Notifier, event: GuestInvited, event_id: uuid.UUID
) -> None:
    delivery = Delivery(
        event_id, "guest_invited", event.invitation_id, (event.org_id,), "guest_invitation"
    )
    await deliver_one(uow, notifier.post, delivery, messages.guest_invited(event))

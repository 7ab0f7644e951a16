"""The daily digest: one email per person per day listing the notices they chose to get
that way.

Idempotent across restarts and replicas: a person's held notices are locked, then the day's
digest is claimed by its unique key (user, day), the email sent, and the notices closed into
it, all in one transaction. A second replica waits on the lock and then finds nothing; a
restart finds the day's digest recorded. A crash between sending and committing sends it
again (at least once, as every email here).
"""

from __future__ import annotations

import uuid

from custody_platform.logging import get_logger
from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import digest_repository
from notifier.adapters.orm import DigestEntry
from notifier.domain.digests import Window
from notifier.domain.messages import DigestLine, Recipient
from notifier.service_layer.ports import DeliveryRefused, Post

log = get_logger()
ACTOR = Actor.service("notifier")


async def waiting_users(uow: UnitOfWork, due: Window) -> list[uuid.UUID]:
    """The people with notices held before the day's cutoff."""
    return await digest_repository.waiting_users(uow.session, due.cutoff)


async def send_one(uow: UnitOfWork, post: Post, user_id: uuid.UUID, due: Window) -> bool:
    """Claims, sends and closes one person's digest for the day; False when there is none to
    send (nothing held, or another pass has claimed the day)."""
    held = await digest_repository.entries(uow.session, user_id, due.cutoff)
    if not held:
        return False
    latest = held[-1]
    digest_id = await digest_repository.claim(uow.session, user_id, due.day, latest.to_address)
    if digest_id is None:
        return False
    recipient = Recipient(str(user_id), None, latest.to_address, latest.display_name)
    letter = post.writer.digest(recipient, [_line(entry) for entry in held])
    outcome = "sent"
    try:
        await post.mailer.send(letter)
    except DeliveryRefused as refused:  # for good: closed, so it is not tried every pass
        outcome = "failed"
        log.warning("digest refused", user_id=str(user_id), error=str(refused))
    await digest_repository.close(uow.session, digest_id, held)
    uow.audit(
        ACTOR,
        f"notification.{outcome}",
        object_type="user",
        object_id=user_id,
        notification_id=str(digest_id),
        kind="digest",
        recipient_user_id=str(user_id),
        notices=len(held),
    )
    return True


def _line(entry: DigestEntry) -> DigestLine:
    return DigestLine(entry.subject, entry.summary, entry.link)

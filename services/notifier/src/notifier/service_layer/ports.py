"""What the notifier needs from the outside world; adapters implement these."""

from __future__ import annotations

import uuid
from typing import Protocol

from notifier.domain.messages import Email, Recipient


class DeliveryRefused(Exception):
    """The mail server refused the recipient for good (5xx): retrying cannot help."""


class Directory(Protocol):
    async def approvers(self, org_id: uuid.UUID) -> list[Recipient]: ...

    async def admins(self, org_id: uuid.UUID) -> list[Recipient]: ...

    async def user(self, user_id: uuid.UUID) -> Recipient: ...


class Mailer(Protocol):
    async def send(self, email: Email) -> None:
        """Delivers to the mail server; DeliveryRefused for a permanent refusal, any other
        exception for a failure worth retrying."""
        ...

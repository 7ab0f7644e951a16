"""What the notifier needs from the outside world; adapters implement these."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from notifier.domain.messages import DigestLine, Email, Letter, Recipient


class DeliveryRefused(Exception):
    """The mail server refused the recipient for good (5xx): retrying cannot help."""


class Directory(Protocol):
    async def approvers(self, org_id: uuid.UUID) -> list[Recipient]: ...

    async def admins(self, org_id: uuid.UUID) -> list[Recipient]: ...

    async def user(self, user_id: uuid.UUID) -> Recipient: ...


class Mailer(Protocol):
    async def send(self, letter: Letter) -> None:
        """Delivers to the mail server; DeliveryRefused for a permanent refusal, any other
        exception for a failure worth retrying."""
        ...


class Writer(Protocol):
    """Renders what an email says as its text and HTML parts."""

    def message(self, email: Email) -> Letter: ...

    def digest(self, recipient: Recipient, lines: Sequence[DigestLine]) -> Letter: ...


@dataclass(frozen=True)
class Post:
    mailer: Mailer
    writer: Writer

"""Outgoing webhooks: the event types an endpoint subscribes to, its secrets, and when a
failed delivery is tried again. No I/O."""

from __future__ import annotations

import base64
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_contracts.webhooks import WEBHOOK_EVENT_TYPES
from custody_platform.errors import InvalidArgument

# What an organization may subscribe to (the `type` of each message's body).
EVENT_TYPES = WEBHOOK_EVENT_TYPES
PING = "webhook.ping"  # the test message, sent to one endpoint on demand
SECRET_PREFIX = "whsec_"
MAX_DESCRIPTION = 500
# How long a rotated-out secret still signs, so receivers can switch without downtime.
PREVIOUS_SECRET_LIFETIME = timedelta(hours=24)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def new_secret() -> str:
    """24 random bytes, base64 after the `whsec_` prefix, as Standard Webhooks spells them."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def event_types(chosen: Iterable[str]) -> list[str]:
    """The subscribed types, each known, in the catalogue's order; at least one."""
    picked = set(chosen)
    unknown = sorted(picked - set(EVENT_TYPES))
    if unknown:
        raise InvalidArgument(f"event_types: unknown {', '.join(unknown)}")
    if not picked:
        raise InvalidArgument("event_types: subscribe to at least one")
    return [name for name in EVENT_TYPES if name in picked]


def description(text: str) -> str:
    if len(text) > MAX_DESCRIPTION:
        raise InvalidArgument(f"description: at most {MAX_DESCRIPTION} characters")
    return text.strip()


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: `base` after the first failure, times `factor` after
    each next one, at most `cap`; `max_attempts` in all, then the delivery has failed."""

    base: float = 5.0
    factor: float = 4.5
    cap: float = 10 * 3600.0
    max_attempts: int = 8
    jitter: float = 0.2  # each delay is drawn within ±20% so failed receivers are not stormed

    def delay(self, attempts: int, draw: random.Random | None = None) -> float:
        """Seconds to wait after the `attempts`-th failed attempt."""
        nominal = min(self.cap, self.base * self.factor ** (attempts - 1))
        spread = (draw or random).uniform(1 - self.jitter, 1 + self.jitter)
        return min(self.cap, nominal * spread)

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after `attempts` failed attempts; None: give up."""
        if attempts >= self.max_attempts:
            return None
        return now + timedelta(seconds=self.delay(attempts))


def succeeded(status_code: int | None) -> bool:
    """Only a 2xx counts; a redirect is not followed, so it is a failure too."""
    return status_code is not None and 200 <= status_code < 300

"""An organization's outgoing webhooks as its admins manage them: endpoints, the form that
adds or edits one, the API's refusals at their fields, and each delivery's outcome in words."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from web.domain.views import ApiModel, Problem

# The gateway's event types (schemas/webhooks.py), as the people choosing them read them.
EVENT_LABELS = {
    "request.submitted": "A video request is submitted",
    "request.decided": "A video request is approved or rejected",
    "request.fulfilled": "A video request is fulfilled",
    "evidence.ingested": "Evidence is added",
    "redaction.completed": "A redaction is finished",
    "disclosure.ready": "A disclosure is ready",
}
TEST_EVENT = "webhook.ping"
MAX_URL, MAX_DESCRIPTION = 2000, 500
FIELDS = ("url", "description", "event_types")


class Webhook(ApiModel):
    id: uuid.UUID
    url: str
    description: str = ""
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None = None
    failing_since: datetime | None = None
    previous_secret_expires_at: datetime | None = None
    created_at: datetime

    @property
    def events(self) -> str:
        return ", ".join(event_label(t) for t in self.event_types)

    @property
    def health(self) -> str:
        """The endpoint's state in a few words, for the list."""
        if not self.enabled:
            return f"Disabled: {self.disabled_reason}" if self.disabled_reason else "Disabled"
        if self.failing_since:
            return "Deliveries failing"
        return "Enabled"


class WebhookWithSecret(Webhook):
    secret: str


class Webhooks(ApiModel):
    items: list[Webhook]


class Delivery(ApiModel):
    id: uuid.UUID
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None
    created_at: datetime

    @property
    def event(self) -> str:
        return event_label(self.event_type)

    @property
    def outcome(self) -> str:
        """How it went: delivered, waiting to be tried (again), or given up, with the
        receiver's last answer."""
        answer = (
            f"answered {self.last_status_code}"
            if self.last_status_code
            else (self.last_error or "no answer")
        )
        if self.status == "delivered":
            return "Delivered"
        if self.status == "failed":
            return f"Failed: {answer}"
        if self.attempts == 0:
            return "Waiting to be sent"
        return f"Will try again: {answer}"


class Deliveries(ApiModel):
    items: list[Delivery]
    total: int

    @property
    def pending(self) -> bool:
        return any(d.status == "pending" for d in self.items)


def event_label(event_type: str) -> str:
    if event_type == TEST_EVENT:
        return "Test event"
    return EVENT_LABELS.get(event_type, event_type)


@dataclass
class WebhookForm:
    """The form as typed, kept as it is so a refused one is shown back unchanged."""

    url: str = ""
    description: str = ""
    event_types: list[str] = field(default_factory=list)
    enabled: bool = True

    @classmethod
    def read(cls, posted: Mapping[str, str], event_types: list[str]) -> WebhookForm:
        return cls(
            url=posted.get("url", "").strip(),
            description=posted.get("description", "").strip(),
            event_types=[t for t in EVENT_LABELS if t in event_types],
            enabled=posted.get("enabled") == "yes",
        )

    @classmethod
    def of(cls, webhook: Webhook) -> WebhookForm:
        return cls(webhook.url, webhook.description, list(webhook.event_types), webhook.enabled)

    def problems(self) -> dict[str, str]:
        """What the gateway would refuse anyway, said before the round trip (in page order)."""
        errors = {}
        if not self.url:
            errors["url"] = "Enter the URL your system receives webhooks at"
        elif not self.url.lower().startswith(("https://", "http://")):
            errors["url"] = "Enter a URL starting with https://"
        elif len(self.url) > MAX_URL:
            errors["url"] = f"Enter a URL of at most {MAX_URL} characters"
        if len(self.description) > MAX_DESCRIPTION:
            errors["description"] = f"Enter a description of at most {MAX_DESCRIPTION} characters"
        if not self.event_types:
            errors["event_types"] = "Choose at least one event to send"
        return errors

    def body(self) -> dict[str, object]:
        return {"url": self.url, "description": self.description, "event_types": self.event_types}


def form_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the field it names: a 422's locations, or the notifier's
    `url: ...` detail (a private address, a host that does not resolve)."""
    errors: dict[str, str] = {}
    parts = [(_field(e.get("loc", [])), str(e.get("msg", ""))) for e in problem.errors]
    if not parts:
        where, _, said = problem.message.partition(": ")
        parts = [(_field([where.lower()]), said) if said else ("url", problem.message)]
    for name, message in parts:
        text = _sentence(message.removeprefix("Value error, "))
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors


def _field(where: list[object]) -> str:
    return next((str(part) for part in where if str(part) in FIELDS), "url")


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]

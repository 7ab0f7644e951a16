"""The event types an organization may subscribe a webhook endpoint to: the API's schema and
the notifier's catalogue read this one list."""

from typing import Literal, get_args

WebhookEventType = Literal[
    "request.submitted",
    "request.decided",
    "request.fulfilled",
    "evidence.ingested",
    "redaction.completed",
    "disclosure.ready",
]
WEBHOOK_EVENT_TYPES: tuple[str, ...] = get_args(WebhookEventType)

"""What callers ask the requests service to do: small frozen orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class LineItemInput:
    camera_id: uuid.UUID
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SubmitRequest:
    incident_number: str
    description: str
    line_items: tuple[LineItemInput, ...]
    incident_type: str = ""
    latitude: float | None = None
    longitude: float | None = None
    occurred_at: datetime | None = None
    # owner org id -> that owner's form answers, as JSON text
    form_answers: dict[uuid.UUID, str] = field(default_factory=dict)
    # The client's Idempotency-Key and the sha256 of what it asked with the key left out:
    # a retry must ask for the same thing (decision 0052).
    idempotency_key: str = ""
    fingerprint: str = ""


@dataclass(frozen=True)
class DecideLineItem:
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    permission: str = ""
    reason: str = ""


@dataclass(frozen=True)
class CancelRequest:
    request_id: uuid.UUID
    line_item_id: uuid.UUID | None = None  # None: every undecided item


@dataclass(frozen=True)
class PostMessage:
    request_id: uuid.UUID
    owner_org_id: uuid.UUID | None
    body: str


@dataclass(frozen=True)
class RequestFilter:
    status: str = ""
    owner_org_id: uuid.UUID | None = None
    requester_org_id: uuid.UUID | None = None
    requester_user_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    incident_number: str = ""
    created_from: datetime | None = None
    created_to: datetime | None = None
    incident_from: datetime | None = None
    incident_to: datetime | None = None
    text: str = ""
    limit: int = 50
    offset: int = 0

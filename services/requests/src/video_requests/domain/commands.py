"""What callers ask the requests service to do: small frozen orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
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


@dataclass(frozen=True)
class DecideLineItem:
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    permission: str = ""
    reason: str = ""

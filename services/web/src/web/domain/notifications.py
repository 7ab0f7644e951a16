"""The notification tray as the pages show it: the API's notifications, what is announced, and
the unread-count events of the gateway's stream read line by line. Pure: no I/O."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from web.domain.sessions import safe_next
from web.domain.views import ApiModel


class Notification(ApiModel):
    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None = None

    @property
    def href(self) -> str:
        """The page it is about: a path of this site only."""
        return safe_next(self.link)


class Notifications(ApiModel):
    items: list[Notification]
    total: int
    unread: int


def announcement(unread: int) -> str:
    """What a screen reader hears when the count changes."""
    if unread == 0:
        return "You have no unread notifications."
    noun = "notification" if unread == 1 else "notifications"
    return f"You have {unread} unread {noun}."


def sse_event(name: str, data: str, event_id: str | None = None) -> str:
    """One Server-Sent Event; every line of ``data`` is a data line."""
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id is not None else "")
    return head + "".join(f"data: {line}\n" for line in data.splitlines() or [""]) + "\n"


def last_event_id(header: str | None) -> int | None:
    """The count the browser shows (the id of the last bell event it had), if any."""
    return int(header) if header is not None and header.isdigit() and len(header) < 10 else None


@dataclass
class UnreadEvents:
    """Reads the gateway's stream: each `unread` event's count, once its blank line comes."""

    _name: str = ""
    _data: list[str] = field(default_factory=list)

    def feed(self, line: str) -> int | None:
        if line.startswith(":"):
            return None  # a comment: the heartbeat
        if line:
            key, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if key == "event":
                self._name = value
            elif key == "data":
                self._data.append(value)
            return None
        name, data = self._name, "\n".join(self._data)
        self._name, self._data = "", []
        return _count(data) if name == "unread" else None


def _count(data: str) -> int | None:
    try:
        value = json.loads(data).get("unread")
    except (ValueError, AttributeError):
        return None
    return value if type(value) is int and value >= 0 else None  # bool is no count

"""An organization's own cameras as its admins list them: filtered, by name, a page at a time."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument

from registry.domain.cameras import ACTIVE, RETIRED, Camera

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
MAX_TEXT = 100
STATUSES = frozenset({ACTIVE, RETIRED})


@dataclass(frozen=True)
class NameCursor:
    """Where the previous page stopped: results continue after (name, id)."""

    name: str
    camera_id: uuid.UUID

    def encode(self) -> str:
        raw = json.dumps({"n": self.name, "i": str(self.camera_id)}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(token: str) -> NameCursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            return NameCursor(str(data["n"]), uuid.UUID(data["i"]))
        except (binascii.Error, ValueError, KeyError, TypeError):
            raise InvalidArgument("cursor is not valid") from None


@dataclass(frozen=True)
class CameraListQuery:
    """``group_id`` None and ``ungrouped`` False: any group or none; ``status`` "": both."""

    text: str = ""
    group_id: uuid.UUID | None = None
    ungrouped: bool = False
    status: str = ""
    limit: int = DEFAULT_LIMIT
    after: NameCursor | None = None


@dataclass(frozen=True)
class CameraList:
    cameras: list[Camera]
    next_cursor: str  # "" = last page
    total: int


def list_query(
    text: str = "",
    group_id: uuid.UUID | None = None,
    status: str = "",
    limit: int = 0,
    cursor: str = "",
    *,
    ungrouped: bool = False,
) -> CameraListQuery:
    """A validated listing; raises InvalidArgument listing every problem."""
    problems = []
    if len(text) > MAX_TEXT:
        problems.append(f"text must be at most {MAX_TEXT} characters")
    if status and status not in STATUSES:
        problems.append("status must be active or retired")
    if not 0 <= limit <= MAX_LIMIT:
        problems.append(f"limit must be within 0..{MAX_LIMIT}")
    if ungrouped and group_id is not None:
        problems.append("ask for one group_id or for ungrouped cameras, not both")
    if problems:
        raise InvalidArgument("; ".join(problems))
    after = NameCursor.decode(cursor) if cursor else None
    return CameraListQuery(text.strip(), group_id, ungrouped, status, limit or DEFAULT_LIMIT, after)


def page_of(cameras: list[Camera], query: CameraListQuery, total: int) -> CameraList:
    """``cameras`` holds up to ``limit + 1`` rows: one more means another page exists."""
    if len(cameras) <= query.limit:
        return CameraList(cameras, "", total)
    last = cameras[query.limit - 1]
    return CameraList(cameras[: query.limit], NameCursor(last.name, last.id).encode(), total)

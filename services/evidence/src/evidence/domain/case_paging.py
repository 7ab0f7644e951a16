"""A page of an organization's cases, newest first, continued by a keyset cursor on
(created_at, id) like the registry's camera list: stable while cases are added."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_platform.errors import InvalidArgument

MAX_LIMIT = 500


@dataclass(frozen=True)
class CaseCursor:
    """Where the previous page stopped: results continue after (created_at, id), descending."""

    created_at: datetime
    case_id: uuid.UUID

    def encode(self) -> str:
        raw = json.dumps({"t": self.created_at.isoformat(), "i": str(self.case_id)}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(token: str) -> CaseCursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            moment = datetime.fromisoformat(data["t"])
            if moment.tzinfo is None:
                raise ValueError("naive")
            return CaseCursor(moment, uuid.UUID(data["i"]))
        except (binascii.Error, ValueError, KeyError, TypeError):
            raise InvalidArgument("cursor is not valid") from None


def page_request(limit: int, cursor: str) -> tuple[int, CaseCursor | None]:
    """(limit, where to continue); limit 0 asks for every match, as callers before paging did."""
    if not 0 <= limit <= MAX_LIMIT:
        raise InvalidArgument(f"limit must be within 0..{MAX_LIMIT}")
    return limit, CaseCursor.decode(cursor) if cursor else None

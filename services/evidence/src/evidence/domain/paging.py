"""Keyset paging on (created_at, id), stable while rows are added: a cursor names the row where
the previous page stopped, and the next page continues after it (the case list, newest first,
decision 0036) or, for a case's evidence, also before it, to go back a page (decision 0040)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from custody_platform.errors import InvalidArgument

MAX_LIMIT = 500


@dataclass(frozen=True)
class Keyset:
    """A row's place in the order; `backward` asks for the rows before it instead of after."""

    created_at: datetime
    id: uuid.UUID
    backward: bool = False

    def encode(self) -> str:
        data = {"t": self.created_at.isoformat(), "i": str(self.id)}
        raw = json.dumps(data | ({"b": 1} if self.backward else {})).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(token: str) -> Keyset:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            moment = datetime.fromisoformat(data["t"])
            if moment.tzinfo is None or data.get("b", 0) not in (0, 1):
                raise ValueError("naive or unknown direction")
            return Keyset(moment, uuid.UUID(data["i"]), bool(data.get("b", 0)))
        except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
            raise InvalidArgument("cursor is not valid") from None


def page_request(limit: int, cursor: str) -> tuple[int, Keyset | None]:
    """(limit, where to continue); limit 0 asks for every match, as callers before paging did."""
    if not 0 <= limit <= MAX_LIMIT:
        raise InvalidArgument(f"limit must be within 0..{MAX_LIMIT}")
    return limit, Keyset.decode(cursor) if cursor else None


class Row(Protocol):
    @property
    def created_at(self) -> datetime: ...
    @property
    def id(self) -> uuid.UUID: ...


R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: Sequence[R]
    next_cursor: str = ""  # "" = no more after
    previous_cursor: str = ""  # "" = the first page


def cut(found: Sequence[R], limit: int, at: Keyset | None) -> Page[R]:
    """The page in ascending order from `found`: up to limit + 1 rows read in the direction of
    travel (descending when going back), the extra one telling that more lie that way."""
    if not limit:
        return Page(found)
    more, rows = len(found) > limit, list(found[:limit])
    if at is not None and at.backward:
        rows.reverse()
        before = _at(rows[0], backward=True) if more and rows else ""
        return Page(rows, _at(rows[-1]) if rows else "", before)
    before = _at(rows[0], backward=True) if at is not None and rows else ""
    return Page(rows, _at(rows[-1]) if more else "", before)


def _at(row: Row, backward: bool = False) -> str:
    return Keyset(row.created_at, row.id, backward).encode()

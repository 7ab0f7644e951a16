"""The bounded types every input of the API is made of (decision 0015), and small conversions
between protobuf fields and API values that `custody_platform.grpc.fields` does not make.

Every number, text, moment and list the API takes is bounded here, at the edge, so that what
reaches a service fits its protobuf field and its column, and the OpenAPI document says so:
- Parameters (query and path) arrive as text: `Offset`, `Limit`, `Int32Id`, `Int64Id`,
  `ParamText`. Numbers in JSON bodies are strict (``true`` is not 1, ``"5"`` is not 5) and
  finite: `Count`, `ByteCount`, `Real`, `Latitude`, `Longitude`.
- Text never carries control characters: `Line` (one line), `Text` (free text, with line
  feeds and tabs), `Name` (one line, no invisible or direction-changing characters either).
- `Moment` is an aware date and time between 1970 and 2100; `JsonObject` is free-form JSON
  with clean text, finite numbers and bounded nesting.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Hashable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from annotated_types import Ge, Le
from pydantic import AfterValidator, AllowInfNan, AwareDatetime, Field, Strict, StringConstraints

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
MAX_PAGE = 500
MAX_BYTE_COUNT = 1 << 40  # 1 TiB: a grant's or a file request's byte limits
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
MAX_JSON_DEPTH = 8

# Control characters (Unicode Cc): C0, DEL and C1. Free text keeps tab and line feed.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_CONTROL_BUT_TAB_LF = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
# Zero-width and bidirectional formatting characters: they hide or reorder what a name shows.
_INVISIBLE = r"\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
LINE_PATTERN = f"^[^{_CONTROL}]*$"
TEXT_PATTERN = f"^[^{_CONTROL_BUT_TAB_LF}]*$"
NAME_PATTERN = f"^[^{_CONTROL}{_INVISIBLE}]*$"

# --- parameters: text in the URL, parsed then bounded
Offset = Annotated[int, Ge(0), Le(INT32_MAX)]
Limit = Annotated[int, Ge(1), Le(MAX_PAGE)]
Int32Id = Annotated[int, Ge(0), Le(INT32_MAX)]
Int64Id = Annotated[int, Ge(0), Le(INT64_MAX)]
ParamText = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]
ParamReal = Annotated[float, AllowInfNan(False)]

# --- JSON bodies: strict, finite, bounded numbers
Count = Annotated[int, Strict(), Ge(0), Le(INT32_MAX)]
ByteCount = Annotated[int, Strict(), Ge(0), Le(MAX_BYTE_COUNT)]
Real = Annotated[float, Strict(), AllowInfNan(False)]
Latitude = Annotated[float, Strict(), AllowInfNan(False), Ge(-90), Le(90)]
Longitude = Annotated[float, Strict(), AllowInfNan(False), Ge(-180), Le(180)]

# --- text, in bodies and parameters alike (lengths are given where used)
Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment < LATEST:
        raise ValueError("must be from 1970-01-01 and before 2100-01-01 (UTC)")
    return moment


Moment = Annotated[
    AwareDatetime,
    AfterValidator(_in_range),
    Field(description="A date and time with its UTC offset, from 1970 and before 2100."),
]

H = TypeVar("H", bound=Hashable)


def no_duplicates(items: Sequence[H]) -> Sequence[H]:
    """For list fields whose items must differ (ids, line items)."""
    if len(set(items)) != len(items):
        raise ValueError("must not repeat an item")
    return items


def _unique_ids(items: list[uuid.UUID]) -> list[uuid.UUID]:
    no_duplicates(items)
    return items


UniqueIds = Annotated[
    list[uuid.UUID], AfterValidator(_unique_ids), Field(json_schema_extra={"uniqueItems": True})
]


def _clean_json(value: Any, depth: int = 0) -> Any:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"must not nest deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("numbers must be finite")
    if isinstance(value, dict):
        return {_clean_text(k): _clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_json(v, depth + 1) for v in value]
    return value


def _clean_text(text: str) -> str:
    if any(_unwanted(ord(c)) and c not in "\t\n" for c in text):
        raise ValueError("text must not contain control characters or lone surrogates")
    return text


def _unwanted(code: int) -> bool:
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


JsonObject = Annotated[dict[str, Any], AfterValidator(_clean_json)]


def optional_text(value: str) -> str | None:
    """Proto3 strings are "" when absent; the API says null."""
    return value or None

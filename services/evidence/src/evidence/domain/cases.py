"""Case rules: status transitions, numbering, and the limits on free-form fields."""

from __future__ import annotations

import json
import re
from typing import Any

from custody_platform.errors import Conflict, InvalidArgument

TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"closed"}),
    "closed": frozenset({"open", "archived"}),
    "archived": frozenset(),
}
MAX_CUSTOM_FIELDS_BYTES = 16 * 1024
MAX_TAGS = 50
_LABEL = re.compile(r"^[\w][\w .:/+-]{0,63}$")
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
EDITABLE = frozenset(
    {
        "title",
        "description",
        "incident_at",
        "incident_location",
        "incident_type",
        "department",
        "assignees",
        "tags",
        "categories",
        "custom_fields",
    }
)


def ensure_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS:
        raise InvalidArgument(f"unknown case status {target!r}")
    if target not in TRANSITIONS[current]:
        raise Conflict(f"a case cannot go from {current} to {target}", current_state=current)


def next_number(year: int, count: int) -> str:
    """The org's next generated case number, e.g. 2026-00042."""
    return f"{year}-{count + 1:05d}"


def check_number(number: str) -> str:
    if not _NUMBER.match(number):
        raise InvalidArgument("case number: letters, digits and . _ / - only, at most 64")
    return number


def check_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > 200:
        raise InvalidArgument("title must be 1 to 200 characters")
    return title


def labels(values: list[str], what: str) -> list[str]:
    """Tags and categories: trimmed, lower-cased, unique, in order."""
    cleaned = list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))
    if len(cleaned) > MAX_TAGS or any(not _LABEL.match(v) for v in cleaned):
        raise InvalidArgument(f"{what}: at most {MAX_TAGS} labels of letters, digits, . : / + -")
    return cleaned


def custom_fields(raw: str) -> dict[str, Any]:
    if not raw:
        return {}
    if len(raw.encode()) > MAX_CUSTOM_FIELDS_BYTES:
        raise InvalidArgument(f"custom fields larger than {MAX_CUSTOM_FIELDS_BYTES} bytes")
    try:
        value = json.loads(raw)
    except ValueError:
        raise InvalidArgument("custom fields must be a JSON object") from None
    if not isinstance(value, dict):
        raise InvalidArgument("custom fields must be a JSON object")
    return value

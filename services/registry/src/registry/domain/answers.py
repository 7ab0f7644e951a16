"""Validation of an investigator's answers against one form version, every problem at once."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from custody_platform.errors import InvalidArgument
from custody_platform.patterns import matches_whole

from registry.domain.forms import FormField

MAX_TEXT = {"text": 1_000, "long_text": 20_000}


class _Bad(ValueError):
    """One answer is wrong; the message says why."""


def normalized_answers(fields: tuple[FormField, ...], answers: Any) -> dict[str, Any]:
    """The answers, normalized (dates ISO, datetimes UTC), or InvalidArgument naming every bad
    field. Unknown keys are errors: a typo must not silently drop an answer."""
    if not isinstance(answers, dict):
        raise InvalidArgument("answers must be a JSON object")
    by_key = {f.key: f for f in fields}
    problems = [f"{key}: unknown field" for key in sorted(set(answers) - set(by_key))]
    normalized: dict[str, Any] = {}
    for f in fields:
        try:
            value = _answer(f, answers.get(f.key))
        except _Bad as bad:
            problems.append(f"{f.key}: {bad}")
            continue
        if value is not None:
            normalized[f.key] = value
    if problems:
        raise InvalidArgument("; ".join(problems))
    return normalized


def _answer(f: FormField, value: Any) -> Any:
    if value is None or value == "" or value == []:
        if f.required:
            raise _Bad("is required")
        return None
    result = _CHECKS[f.type](f, value)
    if f.type == "checkbox" and f.required and result is not True:
        raise _Bad("must be checked")
    return result


def _text(f: FormField, value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("must be text")
    text = value.strip()
    low = 0 if f.min is None else f.min
    high = MAX_TEXT[f.type] if f.max is None else min(f.max, MAX_TEXT[f.type])
    if not low <= len(text) <= high:
        raise _Bad(f"must be {low:g}..{high:g} characters")
    if f.pattern and not matches_whole(f.pattern, text):
        raise _Bad("does not match the expected format")
    return text


def _number(f: FormField, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad("must be a number")
    if (f.min is not None and value < f.min) or (f.max is not None and value > f.max):
        raise _Bad(f"must be within {_bound(f.min)}..{_bound(f.max)}")
    return value


def _bound(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _date(f: FormField, value: Any) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise _Bad("must be a date (YYYY-MM-DD)") from None


def _datetime(f: FormField, value: Any) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Bad("must be an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise _Bad("must include a time zone offset")
    return moment.astimezone(UTC).isoformat()


def _single(f: FormField, value: Any) -> str:
    if value not in f.options:
        raise _Bad(f"must be one of {', '.join(f.options)}")
    return str(value)


def _multi(f: FormField, value: Any) -> list[str]:
    if not isinstance(value, list) or len(set(map(str, value))) != len(value):
        raise _Bad("must be a list of distinct options")
    if unknown := [v for v in value if v not in f.options]:
        raise _Bad(f"unknown options: {', '.join(map(str, unknown))}")
    if (f.min is not None and len(value) < f.min) or (f.max is not None and len(value) > f.max):
        raise _Bad(f"must pick {_bound(f.min)}..{_bound(f.max)} options")
    return [o for o in f.options if o in value]  # the form's order


def _checkbox(f: FormField, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be true or false")
    return value


def _attachment(f: FormField, value: Any) -> str:
    """An attachment answer names an uploaded file by its id."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _Bad("must be the id of an uploaded file") from None


_CHECKS: dict[str, Callable[[FormField, Any], Any]] = {
    "text": _text,
    "long_text": _text,
    "number": _number,
    "date": _date,
    "datetime": _datetime,
    "single_select": _single,
    "multi_select": _multi,
    "checkbox": _checkbox,
    "attachment": _attachment,
}

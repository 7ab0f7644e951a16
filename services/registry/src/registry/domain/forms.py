"""Request forms: typed fields an owner defines, and validation of an investigator's answers.

A published version never changes; answers are validated against one version and stored with
its id, so a later version cannot make an earlier submission invalid or change its meaning.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_platform.errors import InvalidArgument
from custody_platform.patterns import UnsafePattern, compile_user_pattern

TYPES = frozenset(
    {
        "text",
        "long_text",
        "number",
        "date",
        "datetime",
        "single_select",
        "multi_select",
        "checkbox",
        "attachment",
    }
)
SELECTS = frozenset({"single_select", "multi_select"})
RANGED = frozenset({"text", "long_text", "number", "multi_select"})
PATTERNED = frozenset({"text", "long_text"})
KEY = re.compile(r"[a-z][a-z0-9_]{0,62}")
MAX_FIELDS = 100
MAX_LABEL = 200
MAX_HELP = 1000
MAX_OPTIONS = 100
MAX_TITLE = 200


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    type: str
    required: bool = False
    help_text: str = ""
    pattern: str = ""
    min: float | None = None
    max: float | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormVersion:
    id: uuid.UUID
    org_id: uuid.UUID
    version: int
    title: str
    fields: tuple[FormField, ...]
    published_by: uuid.UUID
    published_at: datetime


def _field_problems(f: FormField) -> list[str]:
    where = f"field {f.key!r}"
    problems = []
    if not KEY.fullmatch(f.key):
        problems.append(f"{where}: key must match {KEY.pattern}")
    if f.type not in TYPES:
        problems.append(f"{where}: type must be one of {', '.join(sorted(TYPES))}")
    if not f.label.strip() or len(f.label) > MAX_LABEL:
        problems.append(f"{where}: label must be 1..{MAX_LABEL} characters")
    if len(f.help_text) > MAX_HELP:
        problems.append(f"{where}: help_text must be at most {MAX_HELP} characters")
    problems += _option_problems(f, where) + _constraint_problems(f, where)
    return problems


def _option_problems(f: FormField, where: str) -> list[str]:
    if f.type not in SELECTS:
        return [f"{where}: options are only for select fields"] if f.options else []
    if not f.options or len(f.options) > MAX_OPTIONS:
        return [f"{where}: a select field needs 1..{MAX_OPTIONS} options"]
    if len(set(f.options)) != len(f.options) or any(not o.strip() for o in f.options):
        return [f"{where}: options must be distinct and non-empty"]
    return []


def _constraint_problems(f: FormField, where: str) -> list[str]:
    problems = []
    if (f.min is not None or f.max is not None) and f.type not in RANGED:
        problems.append(f"{where}: min/max apply to text, long_text, number and multi_select")
    if f.min is not None and f.max is not None and f.min > f.max:
        problems.append(f"{where}: min must not exceed max")
    if f.pattern and f.type not in PATTERNED:
        problems.append(f"{where}: pattern applies to text and long_text")
    if f.pattern:
        try:
            compile_user_pattern(f.pattern)
        except UnsafePattern as unsafe:
            problems.append(f"{where}: pattern {unsafe}")
    return problems


def validate_definition(title: str, fields: tuple[FormField, ...]) -> None:
    """Raises InvalidArgument listing every problem of a form about to be published."""
    problems = (
        []
        if title.strip() and len(title) <= MAX_TITLE
        else [f"title must be 1..{MAX_TITLE} characters"]
    )
    if not 1 <= len(fields) <= MAX_FIELDS:
        problems.append(f"a form has 1..{MAX_FIELDS} fields")
    keys = [f.key for f in fields]
    if duplicates := sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"duplicate field keys: {', '.join(duplicates)}")
    for f in fields:
        problems += _field_problems(f)
    if problems:
        raise InvalidArgument("; ".join(problems))

"""What is wrong with a request form draft, at the input it is about: first what can be said
before asking the API, then the API's own refusal (the registry's `field 'key': what` parts, or
a 422's locations) put next to the field it names. Patterns are left to the registry: it
compiles them with RE2, the engine that will run them."""

from __future__ import annotations

import math
from collections.abc import Iterable

from web.domain.form_builder import KEY, MAX_FIELDS, SELECTS, Draft, DraftField
from web.domain.views import Problem

GENERAL = "fields"  # the list of fields itself: problems that name no one field
MAX_LABEL, MAX_TITLE, MAX_HELP, MAX_OPTIONS = 200, 200, 1000, 100
BOUND = 1e15


def problems(draft: Draft) -> dict[str, str]:
    """Input name -> what to do, in the page's order."""
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "Enter the form's title"
    elif len(draft.title) > MAX_TITLE:
        errors["title"] = f"The title must be at most {MAX_TITLE} characters"
    if not draft.fields:
        errors[GENERAL] = "Add at least one field"
    elif len(draft.fields) > MAX_FIELDS:
        errors[GENERAL] = f"A form has at most {MAX_FIELDS} fields"
    keys = [f.api_key() for f in draft.fields]
    for f in draft.fields:
        errors |= field_problems(f)
        if keys.count(f.api_key()) > 1 and f.name("key") not in errors:
            errors[f.name("key")] = f"Another field has the key “{f.api_key()}”: change one"
    return errors


def field_problems(f: DraftField) -> dict[str, str]:
    errors = {}
    if not f.label.strip():
        errors[f.name("label")] = "Enter the question the requester answers"
    elif len(f.label) > MAX_LABEL:
        errors[f.name("label")] = f"The label must be at most {MAX_LABEL} characters"
    if not KEY.fullmatch(f.api_key()):
        errors[f.name("key")] = (
            "Use lowercase letters, digits and _, starting with a letter (at most 63)"
        )
    if len(f.help_text) > MAX_HELP:
        errors[f.name("help_text")] = f"The help text must be at most {MAX_HELP} characters"
    return errors | _bound_problems(f) | _option_problems(f)


def _bound_problems(f: DraftField) -> dict[str, str]:
    if not f.bounded:
        return {}
    whole = f.type != "number"  # lengths and counts
    low, high = _read_bound(f.min, whole), _read_bound(f.max, whole)
    errors = {}
    what = "a whole number, 0 or more" if whole else "a number"
    for name, typed, value in (("min", f.min, low), ("max", f.max, high)):
        if typed.strip() and value is None:
            errors[f.name(name)] = f"Enter {what}, or leave it empty"
    if low is not None and high is not None and low > high:
        errors[f.name("max")] = "The maximum must not be less than the minimum"
    return errors


def _read_bound(text: str, whole: bool) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or abs(value) > BOUND or (whole and (value < 0 or value % 1)):
        return None
    return value


def _option_problems(f: DraftField) -> dict[str, str]:
    if f.type not in SELECTS:
        return {}
    options = f.option_list
    if not options:
        return {f.name("options"): "Enter the choices, one a line"}
    if len(options) > MAX_OPTIONS:
        return {f.name("options"): f"Enter at most {MAX_OPTIONS} choices"}
    if len(set(options)) != len(options):
        return {f.name("options"): "Each choice must be different"}
    return {}


def refusal_errors(problem: Problem, draft: Draft) -> dict[str, str]:
    """The API's refusal, part by part, at the input each part names (else at the list)."""
    errors: dict[str, str] = {}
    for name, message in _located(problem, draft):
        text = _sentence(message)
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors


def _located(problem: Problem, draft: Draft) -> Iterable[tuple[str, str]]:
    if problem.errors:  # a 422: ["body", "fields", 2, "pattern"]
        for error in problem.errors:
            loc = [str(step) for step in error.get("loc", [])[1:]]
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            yield _input_of_location(loc, draft), message
        return
    for part in (problem.detail or problem.title).split("; "):
        yield from _parts_of_detail(part, draft)


def _input_of_location(loc: list[str], draft: Draft) -> str:
    if loc[:1] == ["title"]:
        return "title"
    if (
        len(loc) >= 2
        and loc[0] == "fields"
        and loc[1].isdigit()
        and int(loc[1]) < len(draft.fields)
    ):
        f = draft.fields[int(loc[1])]
        what = loc[2] if len(loc) > 2 else "label"
        return f.name(what if what in _INPUTS else "label")
    return GENERAL


def _parts_of_detail(part: str, draft: Draft) -> Iterable[tuple[str, str]]:
    """`field 'plate': pattern is not valid…`, `duplicate field keys: a, b`, `title must…`."""
    where, _, what = part.partition(": ")
    if where.startswith("field '") and what:
        found = [f for f in draft.fields if f.api_key() == where[7:].rstrip("'")]
        for f in found[:1]:
            yield f.name(_input_named(what)), what
        if found:
            return
    elif where == "duplicate field keys":
        keys = set(what.split(", "))
        named = [f.name("key") for f in draft.fields if f.api_key() in keys]
        yield from ((name, f"{where}: {what}") for name in named)
        if named:
            return
    elif part.startswith("title"):
        yield "title", part
        return
    yield GENERAL, part


_INPUTS = ("key", "label", "type", "help_text", "pattern", "min", "max", "options")


def _input_named(message: str) -> str:
    """The input a registry message is about: its first word (`pattern is…`, `min must…`),
    `a select field needs…` (options); a type's mismatch goes to the label."""
    first = message.split(" ", 1)[0].split("/")[0]
    if first in _INPUTS and first != "type":
        return first
    return "options" if "option" in message else "label"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]

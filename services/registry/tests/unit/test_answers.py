"""Answers against a form version: every type, every constraint, every problem at once."""

from __future__ import annotations

import pytest
from custody_platform.errors import InvalidArgument
from registry.domain.answers import normalized_answers
from registry.domain.forms import FormField, validate_definition

pytestmark = pytest.mark.unit

FORM = (
    FormField("case", "Case", "text", required=True, pattern=r"[A-Z]{2}-\d+", max=20),
    FormField("story", "Story", "long_text", min=5),
    FormField("people", "People", "number", min=0, max=10),
    FormField("day", "Day", "date"),
    FormField("at", "At", "datetime"),
    FormField("urgency", "Urgency", "single_select", options=("low", "high")),
    FormField("areas", "Areas", "multi_select", options=("a", "b", "c"), max=2),
    FormField("sworn", "I certify", "checkbox", required=True),
    FormField("warrant", "Warrant", "attachment"),
)


def test_valid_answers_are_normalized() -> None:
    answers = {
        "case": " MP-42 ",
        "people": 3,
        "day": "2026-01-31",
        "at": "2026-01-31T10:00:00+02:00",
        "urgency": "high",
        "areas": ["c", "a"],
        "sworn": True,
        "warrant": "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "story": "",
    }
    assert normalized_answers(FORM, answers) == {
        "case": "MP-42",
        "people": 3,
        "day": "2026-01-31",
        "at": "2026-01-31T08:00:00+00:00",
        "urgency": "high",
        "areas": ["a", "c"],
        "sworn": True,
        "warrant": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    }


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("case", "mp42", "does not match"),
        ("case", 42, "must be text"),
        ("story", "tiny", "5..20000 characters"),
        ("people", 11, "within 0..10"),
        ("people", True, "must be a number"),
        ("people", "3", "must be a number"),
        ("day", "31/01/2026", "YYYY-MM-DD"),
        ("at", "2026-01-31T10:00:00", "time zone"),
        ("urgency", "medium", "one of low, high"),
        ("areas", ["a", "b", "c"], "pick ..2"),
        ("areas", ["a", "a"], "distinct"),
        ("areas", ["z"], "unknown options"),
        ("sworn", False, "must be checked"),
        ("warrant", "not-an-id", "uploaded file"),
    ],
)
def test_each_bad_answer_is_named(key: str, value: object, reason: str) -> None:
    answers = {"case": "MP-1", "sworn": True, key: value}
    with pytest.raises(InvalidArgument) as raised:
        normalized_answers(FORM, answers)
    assert raised.value.message.startswith(f"{key}: ") and reason in raised.value.message


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidArgument) as raised:
        normalized_answers(FORM, {"typo": 1, "people": -1})
    assert raised.value.message == (
        "typo: unknown field; case: is required; people: must be within 0..10; sworn: is required"
    )
    with pytest.raises(InvalidArgument, match="JSON object"):
        normalized_answers(FORM, ["case"])


def test_form_definitions_are_checked() -> None:
    validate_definition("Request", FORM)
    broken = (
        FormField("n", "N", "number", pattern="x"),
        FormField("n", "N", "checkbox", min=1),
        FormField("t", "T", "text", pattern="("),
        FormField("s", "S", "multi_select", options=("a", "a")),
        FormField("r", "R", "number", min=5, max=1),
    )
    with pytest.raises(InvalidArgument) as raised:
        validate_definition(" ", broken)
    message = raised.value.message
    for expected in (
        "title",
        "duplicate field keys: n",
        "pattern applies to text",
        "min/max apply",
        "not a valid regular expression",
        "distinct",
        "min must not exceed max",
    ):
        assert expected in message


@pytest.mark.timeout(20)  # a backtracking engine would take hours here; RE2 takes microseconds
def test_a_catastrophic_pattern_answers_at_once() -> None:
    form = (FormField("code", "Code", "text", pattern=r"^(a+)+$", max=1_000),)
    with pytest.raises(InvalidArgument, match="does not match the expected format"):
        normalized_answers(form, {"code": "a" * 40 + "!"})
    assert normalized_answers(form, {"code": "a" * 40}) == {"code": "a" * 40}


def test_patterns_that_need_backtracking_or_are_too_long_are_refused_at_publish() -> None:
    for pattern in (r"(a)\1", r"(?=a)b", "a" * 501):
        with pytest.raises(InvalidArgument, match="pattern"):
            validate_definition("Request", (FormField("t", "T", "text", pattern=pattern),))

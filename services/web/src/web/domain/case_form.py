"""The case form as typed: lists and custom fields stay text until sent, so a refused value
is shown back as the person typed it, next to its field."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from web.domain.case_views import CaseView
from web.domain.requests_forms import local_value, sentence, utc
from web.domain.views import Problem

LABELS = {
    "number": "Case number",
    "title": "Title",
    "description": "Description",
    "incident_at": "Time of the incident",
    "incident_location": "Location",
    "incident_type": "Incident type",
    "department": "Department",
    "assignees": "Assignees",
    "tags": "Tags",
    "categories": "Retention categories",
    "custom_fields": "Custom fields",
}
GENERAL = "form"
CONFLICT = 409


@dataclass
class CaseForm:
    title: str = ""
    number: str = ""  # only when creating: the API makes one when left empty
    description: str = ""
    incident_at: str = ""  # a datetime-local value, read as UTC
    incident_location: str = ""
    incident_type: str = ""
    department: str = ""
    assignees: list[str] = field(default_factory=list)
    tags: str = ""  # comma-separated
    categories: str = ""
    custom_fields: str = ""  # one `name: value` a line

    @classmethod
    def read(cls, posted: Any) -> CaseForm:
        text = {name: str(posted.get(name) or "") for name in LABELS if name != "assignees"}
        return cls(**text, assignees=[str(a) for a in posted.getlist("assignee")])

    @classmethod
    def of(cls, case: CaseView) -> CaseForm:
        return cls(
            title=case.title,
            number=case.number,
            description=case.description,
            incident_at=local_value(case.incident_at),
            incident_location=case.incident_location,
            incident_type=case.incident_type,
            department=case.department,
            assignees=[str(a) for a in case.assignees],
            tags=", ".join(case.tags),
            categories=", ".join(case.categories),
            custom_fields="\n".join(f"{k}: {_shown(v)}" for k, v in case.custom_fields.items()),
        )

    def problems(self) -> dict[str, str]:
        """What the form can tell before asking the API: custom fields it cannot read."""
        if any(":" not in line for line in _lines(self.custom_fields)):
            return {"custom_fields": "Write each custom field as name: value, one a line"}
        return {}

    def body(self, *, creating: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "incident_at": utc(self.incident_at) if self.incident_at.strip() else None,
            "incident_location": self.incident_location,
            "incident_type": self.incident_type,
            "department": self.department,
            "assignees": self.assignees,
            "tags": _list(self.tags),
            "categories": _list(self.categories),
            "custom_fields": _custom(self.custom_fields),
        }
        return body | {"number": self.number.strip()} if creating else body


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _custom(text: str) -> dict[str, str]:
    pairs = (line.partition(":") for line in _lines(text))
    return {name.strip(): value.strip() for name, _, value in pairs}


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def form_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the field each part names; a taken number at the number."""
    if problem.status == CONFLICT:
        return {"number": problem.message}
    errors: dict[str, str] = {}
    for error in problem.errors:
        loc = [str(step) for step in error.get("loc", [])]
        name = loc[1] if len(loc) > 1 and loc[1] in LABELS else GENERAL
        message = sentence(str(error.get("msg", "")).removeprefix("Value error, "))
        text = f"{LABELS.get(name, 'The case')}: {message[:1].lower()}{message[1:]}"
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors or {GENERAL: problem.message}

"""Composing a request to several owners: the page's inputs as typed, the body the API takes,
the warnings shown before sending, and the API's refusal put next to the fields it names.

Input names: `incident_number`, `incident_type`, `description`, `occurred_at`, per camera
`start-<camera id>` and `end-<camera id>`, per owner's form field `answer-<owner id>-<key>`.
Times are typed as UTC (a datetime-local input has no zone; every page shows UTC).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from web.domain.request_views import CameraTerms, FormField, RequestForm
from web.domain.views import Problem

Typed = dict[str, str | list[str]]
INCIDENT_FIELDS = ("incident_number", "incident_type", "description", "occurred_at")
# `line_items[0]` (a detail), `line_items.0` (a 422's location)
LINE_ITEM = re.compile(r"line_items[\[.](\d+)")
GENERAL = "request-form"  # the form itself: problems that name no field
# The API's names for the incident's fields, as the pages name them.
API_FIELDS = {
    "incident_number": "incident_number",
    "incident_type": "incident_type",
    "description": "description",
    "incident_at": "occurred_at",
    "incident time": "occurred_at",
}


def answer_id(owner: uuid.UUID, key: str) -> str:
    return f"answer-{owner}-{key}"


@dataclass
class OwnerPart:
    """One owner's section of the page: its cameras and its current form (if it has one)."""

    owner_org_id: uuid.UUID
    name: str
    cameras: list[CameraTerms]
    form: RequestForm | None = None

    def answer_fields(self) -> list[tuple[str, FormField]]:
        fields = self.form.fields if self.form else []
        return [(answer_id(self.owner_org_id, f.key), f) for f in fields]


@dataclass
class Compose:
    parts: list[OwnerPart]
    values: Typed = field(default_factory=dict)

    @property
    def cameras(self) -> list[CameraTerms]:
        return [camera for part in self.parts for camera in part.cameras]

    def read(self, form: Any) -> Compose:
        """The typed values of a posted form (a Starlette FormData)."""
        names = [*INCIDENT_FIELDS]
        names += [f"{edge}-{c.camera_id}" for c in self.cameras for edge in ("start", "end")]
        for part in self.parts:
            for name, spec in part.answer_fields():
                if spec.type == "multi_select":
                    self.values[name] = [str(v) for v in form.getlist(name)]
                else:
                    names.append(name)
        self.values.update({name: str(form.get(name) or "") for name in names})
        return self

    def text(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ""

    def missing(self) -> dict[str, str]:
        """Field id -> message, for what must be typed before the API is asked."""
        errors = {}
        if not self.text("incident_number").strip():
            errors["incident_number"] = "Enter the incident number"
        for camera in self.cameras:
            for edge, words in (("start", "starts"), ("end", "ends")):
                if not self.text(f"{edge}-{camera.camera_id}"):
                    errors[f"{edge}-{camera.camera_id}"] = f"Enter when the video {words}"
        return errors

    def body(self) -> dict[str, Any]:
        """The API's RequestCreate: one line item per camera, each owner's answers."""
        body: dict[str, Any] = {
            "incident_number": self.text("incident_number").strip(),
            "incident_type": self.text("incident_type").strip(),
            "description": self.text("description"),
            "line_items": [
                {
                    "camera_id": str(c.camera_id),
                    "start": utc(self.text(f"start-{c.camera_id}")),
                    "end": utc(self.text(f"end-{c.camera_id}")),
                }
                for c in self.cameras
            ],
            "form_answers": {str(p.owner_org_id): self._answers(p) for p in self.parts if p.form},
        }
        if occurred := self.text("occurred_at"):
            body["incident_at"] = utc(occurred)
        return body

    def _answers(self, part: OwnerPart) -> dict[str, Any]:
        answers = {}
        for name, spec in part.answer_fields():
            value = answer(spec, self.values.get(name, ""))
            if value is not None:
                answers[spec.key] = value
        return answers

    def warnings(self, now: datetime) -> dict[str, list[str]]:
        """Camera id -> what the owner will likely refuse or not have, from the typed window."""
        found: dict[str, list[str]] = {}
        for camera in self.cameras:
            start = parse_local(self.text(f"start-{camera.camera_id}"))
            end = parse_local(self.text(f"end-{camera.camera_id}"))
            found[str(camera.camera_id)] = window_warnings(camera, start, end, now)
        return found


def window_warnings(
    camera: CameraTerms, start: datetime | None, end: datetime | None, now: datetime
) -> list[str]:
    warnings = []
    days = camera.retention_days
    if days and start is not None and start < now - timedelta(days=days):
        warnings.append(
            f"This camera keeps video for {days} days: the start is older than that, "
            "so the video may be gone"
        )
    hours = camera.max_span_hours
    if hours and start is not None and end is not None and end - start > timedelta(hours=hours):
        warnings.append(f"The owner allows at most {hours} hours per camera: shorten the window")
    return warnings


def answer(spec: FormField, raw: str | list[str]) -> Any:
    """A typed answer as the API takes it; what cannot be converted goes as typed, so the
    API's message about it is the one shown."""
    if spec.type == "multi_select":
        return list(raw) or None
    text = raw if isinstance(raw, str) else ""
    if spec.type == "checkbox":
        return text == "true"
    if not text.strip():
        return None
    if spec.type == "number":
        return _number(text)
    if spec.type == "datetime":
        return utc(text)
    return text


def _number(text: str) -> float | int | str:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def parse_local(text: str) -> datetime | None:
    """A datetime-local value (`2026-12-07T09:30`), read as UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc(text: str) -> str:
    moment = parse_local(text)
    return moment.isoformat() if moment else text


def local_value(moment: datetime | None) -> str:
    """The value a datetime-local input shows for a moment (UTC, to the minute)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if moment else ""


def field_errors(problem: Problem, compose: Compose) -> dict[str, str]:
    """The API's refusal, part by part, at the field each part names (else at the form)."""
    cameras = [str(c.camera_id) for c in compose.cameras]
    labels = {name: spec.label for p in compose.parts for name, spec in p.answer_fields()}
    errors: dict[str, str] = {}
    for where, message in _parts(problem):
        name = _field_of(where, message, cameras)
        text = f"{labels[name]} {message}" if name in labels else sentence(message)
        errors[name] = f"{errors[name]}. {text}" if name in errors else text
    return errors


def _parts(problem: Problem) -> Iterable[tuple[str, str]]:
    """(where, what) pairs: a 422's locations, or the `where: what` parts of a detail."""
    if problem.errors:
        for error in problem.errors:
            loc = [str(step) for step in error.get("loc", [])[1:]]
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            yield ".".join(loc), message
        return
    for part in (problem.detail or problem.title).split("; "):
        where, _, what = part.partition(": ")
        yield (where, what) if what else ("", part)


def _field_of(where: str, message: str, cameras: list[str]) -> str:
    if where.startswith("form_answers["):
        owner, _, key = where.removeprefix("form_answers[").partition("].")
        return f"answer-{owner}-{key}" if key else GENERAL
    if found := LINE_ITEM.match(where):
        position = int(found.group(1))
        if position >= len(cameras):
            return GENERAL
        edge = "start" if message.startswith("start") else "end"
        return f"{edge}-{cameras[position]}"
    for api_name, name in API_FIELDS.items():
        if where.startswith(api_name) or message.startswith(api_name):
            return name
    return GENERAL


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]

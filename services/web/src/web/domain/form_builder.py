"""An owner's request form as its admin drafts the next version: fields of every type the API
takes, each with its label, key, help, required and its type's constraints, kept as typed
(numbers stay text until checked) so what was typed is shown back with what is wrong.

Input names: `title`; per field, in the page's order, a hidden `field` holding its draft id
and `field-<id>-<what>` (type, key, label, required, help_text, pattern, min, max, options).
The registry has the last word on a definition (a pattern RE2 refuses, for one).
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from web.domain.request_views import FormField
from web.domain.views import ApiModel

SESSION_KEY = "request_form_draft"
# The API's field types, with the words the page uses.
TYPES = {
    "text": "Short text",
    "long_text": "Long text",
    "number": "Number",
    "date": "Date",
    "datetime": "Date and time",
    "single_select": "One choice from a list",
    "multi_select": "Several choices from a list",
    "checkbox": "Tick box",
    "attachment": "Attached file",
}
PATTERNED = frozenset({"text", "long_text"})
SELECTS = frozenset({"single_select", "multi_select"})
# What min and max bound, by type (the registry's RANGED).
BOUNDS = {
    "text": ("Fewest characters", "Most characters"),
    "long_text": ("Fewest characters", "Most characters"),
    "number": ("Smallest value", "Largest value"),
    "multi_select": ("Fewest choices ticked", "Most choices ticked"),
}
KEY = re.compile(r"[a-z][a-z0-9_]{0,62}")
DRAFT_ID = re.compile(r"[a-z0-9]{1,16}")
MAX_FIELDS = 100


class PublishedForm(ApiModel):
    """A published version, as GET /request-forms lists it."""

    id: uuid.UUID
    org_id: uuid.UUID
    version: int
    title: str
    fields: list[FormField]
    published_at: datetime | None = None
    published_by: uuid.UUID | None = None


class PublishedForms(ApiModel):
    items: list[PublishedForm]  # newest first


@dataclass
class DraftField:
    type: str
    key: str = ""
    label: str = ""
    required: bool = False
    help_text: str = ""
    pattern: str = ""
    min: str = ""
    max: str = ""
    options: str = ""  # one a line
    id: str = field(default_factory=lambda: secrets.token_hex(4))

    def name(self, what: str) -> str:
        return f"field-{self.id}-{what}"

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    @property
    def bounded(self) -> tuple[str, str] | None:
        """The words for min and max, when the type takes them."""
        return BOUNDS.get(self.type)

    @property
    def patterned(self) -> bool:
        return self.type in PATTERNED

    @property
    def selects(self) -> bool:
        return self.type in SELECTS

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def api_key(self) -> str:
        """The key answers are stored under: as typed, else made from the label."""
        if self.key.strip():
            return self.key.strip()
        words = re.sub(r"[^a-z0-9]+", "_", self.label.lower()).strip("_")
        key = words if words[:1].isalpha() else f"field_{words}".rstrip("_")
        return key[:63]

    @classmethod
    def of(cls, spec: FormField) -> DraftField:
        return cls(
            type=spec.type, key=spec.key, label=spec.label, required=spec.required,
            help_text=spec.help_text, pattern=spec.pattern, min=_number_text(spec.min),
            max=_number_text(spec.max), options="\n".join(spec.options),
        )  # fmt: skip

    def spec(self) -> dict[str, Any]:
        """The API's FormFieldSpec; constraints the type does not take are left out."""
        body: dict[str, Any] = {
            "key": self.api_key(),
            "label": self.label.strip(),
            "type": self.type,
            "required": self.required,
            "help_text": self.help_text.strip(),
        }
        if self.type in PATTERNED and self.pattern:
            body["pattern"] = self.pattern
        if self.bounded:
            body |= {k: _number(v) for k, v in (("min", self.min), ("max", self.max)) if v.strip()}
        if self.type in SELECTS:
            body["options"] = self.option_list
        return body

    def view(self) -> FormField:
        """The field as a requester will get it, for the preview (the compose page's view)."""
        spec = self.spec()
        bounds = {k: spec.get(k) for k in ("min", "max")}
        numbers = {k: v if isinstance(v, int | float) else None for k, v in bounds.items()}
        return FormField.model_validate(spec | numbers)


@dataclass
class Draft:
    title: str = "Request details"
    fields: list[DraftField] = field(default_factory=list)

    @classmethod
    def of(cls, current: PublishedForm | None) -> Draft:
        if current is None:
            return cls()
        return cls(current.title, [DraftField.of(f) for f in current.fields])

    @classmethod
    def read(cls, form: Any) -> Draft:
        """The draft as posted (a Starlette FormData); unknown types and ids are dropped."""
        fields: list[DraftField] = []
        for draft_id in dict.fromkeys(str(v) for v in form.getlist("field")):
            kind = str(form.get(f"field-{draft_id}-type") or "")
            if DRAFT_ID.fullmatch(draft_id) and kind in TYPES and len(fields) < MAX_FIELDS:
                fields.append(_read_field(form, draft_id, kind))
        return cls(str(form.get("title") or ""), fields)

    def find(self, draft_id: str) -> DraftField | None:
        return next((f for f in self.fields if f.id == draft_id), None)

    def apply(self, action: str, new_type: str) -> str | None:
        """Adds, removes or moves a field; the id of the control to go to next, if any."""
        verb, _, draft_id = action.partition(":")
        if verb == "add" and new_type in TYPES and len(self.fields) < MAX_FIELDS:
            self.fields.append(DraftField(new_type))
            return self.fields[-1].name("label")
        found = self.find(draft_id)
        if found is None:
            return None
        at = self.fields.index(found)
        if verb == "remove":
            self.fields.remove(found)
            return "new_type"
        step = {"up": -1, "down": 1}.get(verb, 0)
        if step and 0 <= at + step < len(self.fields):
            self.fields[at], self.fields[at + step] = self.fields[at + step], found
        return f"field-{found.id}"

    def body(self) -> dict[str, Any]:
        return {"title": self.title.strip(), "fields": [f.spec() for f in self.fields]}

    def preview(self) -> list[tuple[str, FormField]]:
        """(input name, field) as the compose page's `requests/_answer.html` takes them."""
        return [(f"preview-{f.id}", f.view()) for f in self.fields]


def _read_field(form: Any, draft_id: str, kind: str) -> DraftField:
    def text(what: str) -> str:
        return str(form.get(f"field-{draft_id}-{what}") or "")

    return DraftField(
        type=kind, key=text("key"), label=text("label"), required=text("required") == "yes",
        help_text=text("help_text"), pattern=text("pattern"), min=text("min"), max=text("max"),
        options=text("options"), id=draft_id,
    )  # fmt: skip


def _number(text: str) -> float | int | str:
    """A typed bound as the API takes it; what is no number goes as typed (checked before)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)

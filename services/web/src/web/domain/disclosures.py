"""Disclosures as their pages show them: a case's list, one disclosure's state and progress,
the items to choose from (originals and their redacted copies), the form that asks for one,
and what the recipient sees through the receipt's token."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from web.domain.case_views import EvidenceView
from web.domain.views import ApiModel

MAX_ITEMS = 100
MAX_NAME, MAX_EMAIL, MAX_NOTE = 200, 254, 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATES = {"building": "Building", "ready": "Ready", "failed": "Failed"}
# The API's field names (a 422's loc) as the form's.
FIELDS = {"evidence_ids": "items", "recipient_name": "recipient_name"}
FIELDS |= {"recipient_email": "recipient_email", "note": "note"}
TOKENS = "disclosure-tokens"  # the session's drafts key: tokens shown while the session lasts


class Progress(ApiModel):
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0

    @property
    def percent(self) -> int:
        if self.bytes_total > 0:
            return min(100, self.bytes_done * 100 // self.bytes_total)
        return 100 if self.items_total and self.items_done >= self.items_total else 0


class DisclosedItem(ApiModel):
    evidence_id: uuid.UUID
    filename: str
    content_type: str = ""
    size: int = 0
    sha256: str = ""


class DisclosureView(ApiModel):
    id: uuid.UUID
    case_id: uuid.UUID
    evidence_ids: list[uuid.UUID] = []
    recipient_name: str
    recipient_email: str = ""
    note: str = ""
    created_by: uuid.UUID | None = None
    state: str = "building"
    failure_reason: str | None = None
    progress: Progress = Progress()
    items: list[DisclosedItem] = []
    size: int | None = None
    sha256: str | None = None
    tree_head_id: int | None = None
    created_at: datetime | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    @property
    def state_label(self) -> str:
        if self.state == "ready" and self.acknowledged_at:
            return "Acknowledged"
        return STATES.get(self.state, self.state.capitalize())

    @property
    def tag(self) -> str:
        """The state's tag colour class suffix."""
        return "acknowledged" if self.acknowledged_at else self.state


class DisclosureViews(ApiModel):
    items: list[DisclosureView]


class NewDisclosure(DisclosureView):
    acknowledgement_token: str


class RecipientView(ApiModel):
    """What the holder of the token sees."""

    id: uuid.UUID
    recipient_name: str
    note: str = ""
    items: list[DisclosedItem] = []
    size: int = 0
    sha256: str = ""
    created_at: datetime | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


class Choice(EvidenceView):
    """An item one may disclose; a redacted copy names its original."""

    original_id: uuid.UUID | None = None


class Choices(ApiModel):
    items: list[Choice]


@dataclass(frozen=True)
class ChoiceGroup:
    """An original and the redacted copies made of it, shown together."""

    original: Choice
    copies: list[Choice] = field(default_factory=list)


def grouped(items: list[Choice]) -> list[ChoiceGroup]:
    """Originals in the case's order, each followed by its copies; a copy whose original is
    not on the case stands alone (it is still a copy, and says so)."""
    originals = {i.id for i in items if i.original_id is None}
    groups = {i.id: ChoiceGroup(i) for i in items if i.original_id is None}
    alone: list[ChoiceGroup] = []
    for item in items:
        if item.original_id is None:
            continue
        if item.original_id in originals:
            groups[item.original_id].copies.append(item)
        else:
            alone.append(ChoiceGroup(item))
    return [*groups.values(), *alone]


@dataclass(frozen=True)
class DisclosureForm:
    items: tuple[str, ...] = ()
    recipient_name: str = ""
    recipient_email: str = ""
    note: str = ""

    @classmethod
    def read(cls, form: Any) -> DisclosureForm:
        return cls(
            items=tuple(dict.fromkeys(str(v) for v in form.getlist("items"))),
            recipient_name=" ".join(str(form.get("recipient_name") or "").split()),
            recipient_email=str(form.get("recipient_email") or "").strip(),
            note=str(form.get("note") or "").strip(),
        )

    def problems(self, known: set[uuid.UUID]) -> dict[str, str]:
        errors: dict[str, str] = {}
        chosen = self.chosen()
        if not chosen or len(chosen) != len(self.items) or not set(chosen) <= known:
            errors["items"] = "Choose at least one item of this case to disclose"
        elif len(chosen) > MAX_ITEMS:
            errors["items"] = f"Choose at most {MAX_ITEMS} items"
        if not self.recipient_name:
            errors["recipient_name"] = "Enter the recipient's name"
        elif len(self.recipient_name) > MAX_NAME:
            errors["recipient_name"] = f"The name must be at most {MAX_NAME} characters"
        if self.recipient_email and (
            len(self.recipient_email) > MAX_EMAIL or not EMAIL.match(self.recipient_email)
        ):
            errors["recipient_email"] = "Enter an email address like name@example.org"
        if len(self.note) > MAX_NOTE:
            errors["note"] = f"The note must be at most {MAX_NOTE} characters"
        return errors

    def chosen(self) -> list[uuid.UUID]:
        found = []
        for value in self.items:
            try:
                found.append(uuid.UUID(value))
            except ValueError:
                continue
        return found

    def body(self) -> dict[str, Any]:
        return {
            "evidence_ids": [str(i) for i in self.chosen()],
            "recipient_name": self.recipient_name,
            "recipient_email": self.recipient_email,
            "note": self.note,
        }


def acknowledger(name: str) -> str:
    return " ".join(name.split())

"""A case's public file requests as their page shows them, the form that opens one, and the
files that arrived through them (evidence whose source is a public upload)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from web.domain.case_views import EvidenceView
from web.domain.sharing import day_of, end_of
from web.domain.views import ApiModel

MAX_DAYS = 30  # the gateway's UPLOAD_GRANT_MAX_DAYS default
DEFAULT_DAYS = 14
MAX_TITLE, MAX_INSTRUCTIONS, MAX_CONSENT = 200, 5000, 10_000
MAX_FILES = 10_000
STATES = {"active": "Open", "revoked": "Withdrawn", "expired": "Expired"}
# The API's field names (a 422's loc) as the form's.
FIELDS = {"title": "title", "instructions": "instructions", "consent_text": "consent_text"}
FIELDS |= {"expires_at": "expires_on", "max_files": "max_files"}


class FileRequestView(ApiModel):
    id: uuid.UUID
    title: str
    instructions: str = ""
    expires_at: datetime | None = None
    max_files: int = 0
    ask_contributor: bool = False
    revoked_at: datetime | None = None
    created_at: datetime | None = None
    status: str = "active"

    @property
    def state(self) -> str:
        return STATES.get(self.status, self.status.capitalize())


class FileRequestViews(ApiModel):
    items: list[FileRequestView]


class FileRequestCreated(ApiModel):
    file_request: FileRequestView
    url: str


class ReceivedItem(EvidenceView):
    file_request_id: uuid.UUID | None = None
    contributor_name: str = ""


class ReceivedItems(ApiModel):
    items: list[ReceivedItem]


def received(items: list[ReceivedItem]) -> list[ReceivedItem]:
    """What came in through file requests, the newest first."""
    found = [i for i in items if i.file_request_id is not None or i.source == "public"]
    return sorted(found, key=lambda i: str(i.created_at or ""), reverse=True)


@dataclass(frozen=True)
class FileRequestForm:
    title: str = ""
    instructions: str = ""
    consent_text: str = ""
    expires_on: str = ""
    max_files: str = ""
    ask_contributor: bool = True

    @classmethod
    def read(cls, form: Any) -> FileRequestForm:
        return cls(
            title=str(form.get("title") or "").strip(),
            instructions=str(form.get("instructions") or "").strip(),
            consent_text=str(form.get("consent_text") or "").strip(),
            expires_on=str(form.get("expires_on") or ""),
            max_files=str(form.get("max_files") or "").strip(),
            ask_contributor=form.get("ask_contributor") == "yes",
        )

    @classmethod
    def empty(cls, today: date) -> FileRequestForm:
        return cls(expires_on=(today + timedelta(days=DEFAULT_DAYS)).isoformat())

    def problems(self, today: date) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title:
            errors["title"] = "Enter a title, like “Videos of the fire on Main Street”"
        elif len(self.title) > MAX_TITLE:
            errors["title"] = f"Enter a title of at most {MAX_TITLE} characters"
        if len(self.instructions) > MAX_INSTRUCTIONS:
            errors["instructions"] = f"Enter at most {MAX_INSTRUCTIONS} characters"
        if len(self.consent_text) > MAX_CONSENT:
            errors["consent_text"] = f"Enter at most {MAX_CONSENT} characters"
        if problem := _expiry_problem(self.expires_on, today):
            errors["expires_on"] = problem
        if self.max_files and not (self.max_files.isdigit() and int(self.max_files) <= MAX_FILES):
            errors["max_files"] = f"Enter a whole number from 0 to {MAX_FILES}, or leave it empty"
        return errors

    def body(self) -> dict[str, Any]:
        day = day_of(self.expires_on)
        return {
            "title": self.title,
            "instructions": self.instructions,
            "consent_text": self.consent_text,
            "expires_at": end_of(day).isoformat() if day else None,
            "max_files": int(self.max_files or 0),
            "ask_contributor": self.ask_contributor,
        }


def _expiry_problem(text: str, today: date) -> str | None:
    day = day_of(text)
    if day is None:
        return "Enter the date the link ends, like 2026-12-31"
    if day < today:
        return "Enter a date that is today or later"
    if day > today + timedelta(days=MAX_DAYS):
        return f"Enter a date at most {MAX_DAYS} days from today"
    return None

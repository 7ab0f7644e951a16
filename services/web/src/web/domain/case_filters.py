"""The case list's filters as its GET form has them, the API's query for them, and its pages:
the API answers 20 cases at a time with their total and a cursor to the next 20; the page's
number travels beside the cursor in the address, for "Page n of m"."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

PAGE_SIZE = 20
FIELDS = ("q", "status", "tag", "department", "assignee", "created_from", "created_to")
MAX_CURSOR = 500


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    status: str = ""
    tag: str = ""
    department: str = ""
    assignee: str = ""  # a user id, picked by name
    created_from: str = ""  # a date, YYYY-MM-DD
    created_to: str = ""  # a date, included
    shared: bool = False  # other organizations' cases shared with the caller
    page: int = 1
    cursor: str = ""  # where this page starts, from the API's previous answer

    @classmethod
    def of(cls, query: Any, *, guest: bool = False) -> CaseFilters:
        """From the page's query string; a guest only ever has shared cases."""
        fields = {name: str(query.get(name) or "").strip() for name in FIELDS}
        page = str(query.get("page") or "1")
        shared = guest or str(query.get("shared") or "") == "true"
        cursor = str(query.get("cursor") or "")[:MAX_CURSOR]
        number = max(int(page), 1) if page.isdigit() and cursor else 1
        return cls(**fields, shared=shared, page=number, cursor=cursor)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FIELDS)

    def api_params(self) -> dict[str, Any]:
        if self.shared:  # the API lists shared cases without the organization's filters
            return {"shared": "true"}
        params = {name: getattr(self, name) for name in FIELDS}
        params["created_from"] = _day(self.created_from)
        params["created_to"] = _day(self.created_to, after=True)
        return params | {"limit": PAGE_SIZE, "cursor": self.cursor}

    def query(self, **changes: Any) -> str:
        """This page's query string with some filters changed (empty ones left out); a change
        that names no cursor starts again at the first page."""
        if "cursor" not in changes:
            changes |= {"cursor": "", "page": 1}
        values = asdict(replace(self, **changes))
        if values["page"] == 1:
            del values["page"]
        values["shared"] = "true" if values["shared"] else ""
        return urlencode({name: value for name, value in values.items() if value})

    def pages(self, total: int) -> int:
        return max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def next_page(self, cursor: str | None) -> str:
        """The next page's query string; "" on the last page."""
        return self.query(cursor=cursor, page=self.page + 1) if cursor else ""


def _day(text: str, *, after: bool = False) -> str:
    """A date as the API's moment (the start of the day, UTC; the last day included); what is
    not a date goes as typed, for the API to name."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day + timedelta(days=1) if after else day}T00:00:00+00:00"


def filter_errors(errors: list[dict[str, Any]], message: str) -> dict[str, str]:
    """A refused query's problems at the filter fields they name (else at the form)."""
    found = {}
    for error in errors:
        loc = [str(step) for step in error.get("loc", [])]
        if loc and loc[-1] in FIELDS:
            found[loc[-1]] = "Enter a valid value: " + str(error.get("msg", "")).lower()
    return found or {"filters": message}

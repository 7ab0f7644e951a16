"""My requests' filters as the GET form has them, the API's query for them, and the page
links that keep them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from web.domain.views import Problem

PAGE_SIZE = 20
# The API's query parameter -> the filter form's field.
API_NAMES = {
    "status": "status",
    "owner_org_id": "owner",
    "camera_id": "camera",
    "incident_number": "incident_number",
    "created_from": "created_from",
    "created_to": "created_to",
    "q": "q",
}


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    owner: str = ""
    camera: str = ""
    incident_number: str = ""
    created_from: str = ""  # a date, YYYY-MM-DD
    created_to: str = ""  # a date, included
    q: str = ""
    page: int = 1

    @classmethod
    def of(cls, query: Any) -> RequestFilters:
        """From the page's query string; a page number that is not one is the first page."""
        fields = {name: str(query.get(name) or "").strip() for name in API_NAMES.values()}
        page = str(query.get("page") or "1")
        return cls(**fields, page=max(int(page), 1) if page.isdigit() else 1)

    @property
    def active(self) -> bool:
        return any(value for name, value in asdict(self).items() if name != "page")

    def api_params(self, *, paged: bool = True) -> dict[str, Any]:
        """The API's query; dates as the start of the day (UTC), the last day included."""
        params: dict[str, Any] = {
            "status": self.status,
            "owner_org_id": self.owner,
            "camera_id": self.camera,
            "incident_number": self.incident_number,
            "created_from": _day(self.created_from),
            "created_to": _day(self.created_to, after=True),
            "q": self.q,
        }
        if paged:
            params |= {"limit": PAGE_SIZE, "offset": (self.page - 1) * PAGE_SIZE}
        return params

    def query(self, **changes: Any) -> str:
        """This page's query string with some filters changed (empty ones left out)."""
        values = asdict(replace(self, **changes))
        if values["page"] == 1:
            del values["page"]
        return urlencode({name: value for name, value in values.items() if value})

    def pages(self, total: int) -> int:
        return max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)


def _day(text: str, *, after: bool = False) -> str:
    """A date as the API's moment; what is not a date goes as typed, for the API to name."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day + timedelta(days=1) if after else day}T00:00:00+00:00"


def filter_errors(problem: Problem) -> dict[str, str]:
    """A refused query's problems at the filter fields they name."""
    errors = {}
    for error in problem.errors:
        loc = [str(step) for step in error.get("loc", [])]
        name = API_NAMES.get(loc[-1]) if loc else None
        if name:
            errors[name] = "Enter a valid value: " + str(error.get("msg", "")).lower()
    if not errors:
        errors["filters"] = problem.message
    return errors

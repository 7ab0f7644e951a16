"""The case grid's bulk form: the items ticked, the tags to add or remove, the retention
category to set, what the API is sent, and its refusals at the fields they concern."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from web.domain.views import Problem

MAX_ITEMS = 500
GRID_PAGE = 100  # cards per page of the grid: a case of 1,000 items stays quick to draw
# The API names a field before a colon ("add_tags: ..."); the form's fields by that name.
API_FIELDS = {
    "evidence_ids": "bulk-items",
    "add_tags": "add_tags",
    "remove_tags": "remove_tags",
    "tags": "add_tags",
    "category": "category",
}


@dataclass(frozen=True)
class GridPage:
    """Which page of the case's evidence grid is shown: its number (`?grid=n`, for "Page n of
    m") and the API's cursor that reaches it (`&cursor=`; none for the first page)."""

    number: int = 1
    cursor: str = ""

    @classmethod
    def of(cls, query: Any) -> GridPage:
        text, cursor = str(query.get("grid") or "1"), str(query.get("cursor") or "")
        number = max(int(text), 1) if text.isdigit() and len(text) < 6 else 1
        return cls(number, cursor) if number > 1 and cursor else cls()

    def api_params(self) -> dict[str, Any]:
        return {"limit": GRID_PAGE} | ({"cursor": self.cursor} if self.cursor else {})

    def query(self) -> str:
        """This page's place in an address (`grid=3&cursor=…`), "" for the first page."""
        return urlencode({"grid": self.number, "cursor": self.cursor}) if self.cursor else ""

    def pages(self, total: int) -> int:
        return max((total + GRID_PAGE - 1) // GRID_PAGE, 1)

    def next(self, cursor: str | None) -> GridPage | None:
        return GridPage(self.number + 1, cursor) if cursor else None

    def previous(self, cursor: str | None) -> GridPage | None:
        """None on the first page; the first page itself has no cursor."""
        if self.number <= 1:
            return None
        return GridPage(self.number - 1, cursor or "") if self.number > 2 else GridPage()


def tag_list(text: str) -> list[str]:
    """Tags typed with commas between them."""
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


@dataclass(frozen=True)
class BulkForm:
    items: tuple[str, ...] = ()
    add_tags: str = ""
    remove_tags: str = ""
    category: str = ""

    @classmethod
    def read(cls, form: Any) -> BulkForm:
        items = tuple(dict.fromkeys(str(value) for value in form.getlist("item")))
        text = {name: str(form.get(name) or "").strip() for name in ("add_tags", "remove_tags")}
        return cls(items, text["add_tags"], text["remove_tags"], str(form.get("category") or ""))

    def item_ids(self) -> list[uuid.UUID]:
        found = []
        for value in self.items:
            try:
                found.append(uuid.UUID(value))
            except ValueError:
                continue
        return found

    def problems(self) -> dict[str, str]:
        """What is wrong before asking the API, at the fields it concerns."""
        found = {}
        if not self.item_ids():
            found["bulk-items"] = "Select at least one item"
        elif len(self.item_ids()) > MAX_ITEMS:
            found["bulk-items"] = f"Select at most {MAX_ITEMS} items at once"
        if not (self.add_tags or self.remove_tags or self.category):
            found["add_tags"] = "Enter tags to add or remove, or choose a retention category"
        return found

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"evidence_ids": [str(i) for i in self.item_ids()]}
        body |= {"add_tags": tag_list(self.add_tags), "remove_tags": tag_list(self.remove_tags)}
        return body | ({"category": self.category} if self.category else {})

    def values(self) -> dict[str, Any]:
        """What was typed and ticked, to show again beside the refusal."""
        picked = {str(i) for i in self.item_ids()}
        return {"add_tags": self.add_tags, "remove_tags": self.remove_tags,
                "category": self.category, "selected": picked}  # fmt: skip

    def multiview_query(self) -> str:
        """The side-by-side player's address for the ticked items, in the grid's order."""
        return urlencode([("item", str(i)) for i in self.item_ids()])


def bulk_errors(problem: Problem) -> dict[str, str]:
    """The API's refusal at the fields it names; else at the item selection."""
    found: dict[str, str] = {}
    for error in problem.errors:
        loc = [str(step) for step in error.get("loc", [])]
        field = API_FIELDS.get(loc[1] if len(loc) > 1 else "", "bulk-items")
        found.setdefault(field, _sentence(str(error.get("msg", "not valid"))))
    for part in (problem.detail or "").split("; "):
        name, colon, message = part.partition(":")
        if colon and name.strip() in API_FIELDS:
            found.setdefault(API_FIELDS[name.strip()], _sentence(message.strip()))
    return found or {"bulk-items": problem.message}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]

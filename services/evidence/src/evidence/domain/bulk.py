"""Bulk changes to a case's evidence (decision 0036): which labels an item ends up with. Pure."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument

from evidence.domain.cases import labels

MAX_ITEMS = 500


@dataclass(frozen=True)
class BulkChange:
    """Tags added and removed, and a retention category ("" leaves the categories alone)."""

    evidence_ids: tuple[uuid.UUID, ...]
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    category: str = ""

    def checked(self, policies: Mapping[str, int]) -> BulkChange:
        """Labels cleaned as single edits clean them; InvalidArgument naming each problem."""
        problems = []
        if not 1 <= len(set(self.evidence_ids)) <= MAX_ITEMS:
            problems.append(f"evidence_ids: choose 1 to {MAX_ITEMS} items")
        add = _labels(self.add_tags, "add_tags", problems)
        remove = _labels(self.remove_tags, "remove_tags", problems)
        if set(add) & set(remove):
            problems.append("remove_tags: a tag cannot be added and removed at once")
        category = self.category.strip().lower()
        if category and category not in policies:
            problems.append(
                f"category: {category!r} is not a retention category of the organization"
            )
        if not (add or remove or category) and not problems:
            problems.append("add_tags: nothing to change: add tags, remove tags or set a category")
        if problems:
            raise InvalidArgument("; ".join(problems))
        ids = tuple(dict.fromkeys(self.evidence_ids))
        return BulkChange(ids, tuple(add), tuple(remove), category)

    def tags_of(self, tags: Sequence[str]) -> list[str]:
        kept = [tag for tag in tags if tag not in self.remove_tags]
        return labels([*kept, *self.add_tags], "tags")

    def categories_of(self, categories: Sequence[str]) -> list[str]:
        return [self.category] if self.category else list(categories)

    def fields(self) -> list[str]:
        return [name for name, on in (("tags", self.add_tags or self.remove_tags),
                                      ("categories", self.category)) if on]  # fmt: skip


def _labels(values: Sequence[str], what: str, problems: list[str]) -> list[str]:
    try:
        return labels(list(values), what)
    except InvalidArgument as refused:
        problems.append(str(refused))
        return []

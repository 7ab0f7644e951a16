"""Retention rules, pure: when an item may be deleted, and when it may be purged.

An item is kept while any case holding it is open, and after that until the longest
retention among the cases holding it has run out. A case's retention is the longest period
of its categories and the item's categories (or the org default), counted from closure.
Legal hold on the item or any holding case blocks deletion and purge whatever the dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_CATEGORY = "default"


@dataclass(frozen=True)
class HoldingCase:
    status: str
    closed_at: datetime | None
    categories: tuple[str, ...]
    legal_hold: bool


@dataclass(frozen=True)
class ItemRetention:
    categories: tuple[str, ...]
    legal_hold: bool
    cases: tuple[HoldingCase, ...]


def retention_days(categories: Iterable[str], policies: Mapping[str, int]) -> int:
    days = [policies[c] for c in categories if c in policies]
    return max(days) if days else policies.get(DEFAULT_CATEGORY, 0)


def case_keeps_until(
    case: HoldingCase, item_categories: Iterable[str], policies: Mapping[str, int]
) -> datetime | None:
    """The end of this case's hold on the item; None while the case is open (indefinite)."""
    if case.status == "open" or case.closed_at is None:
        return None
    days = retention_days((*case.categories, *item_categories), policies)
    return case.closed_at + timedelta(days=days)


def keep_until(item: ItemRetention, policies: Mapping[str, int]) -> datetime | None:
    """When the item's retention ends; None while it must be kept indefinitely."""
    if not item.cases:
        return None  # an item in no case is an anomaly: keep it
    ends = [case_keeps_until(case, item.categories, policies) for case in item.cases]
    if any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def on_hold(item: ItemRetention) -> bool:
    return item.legal_hold or any(case.legal_hold for case in item.cases)


def may_delete(item: ItemRetention, policies: Mapping[str, int], now: datetime) -> bool:
    until = keep_until(item, policies)
    return not on_hold(item) and until is not None and until <= now


def may_purge(
    item: ItemRetention,
    policies: Mapping[str, int],
    deleted_at: datetime,
    restore_window: timedelta,
    now: datetime,
) -> bool:
    """Deleted long enough ago to be past the restore window, and still deletable now."""
    return deleted_at + restore_window <= now and may_delete(item, policies, now)

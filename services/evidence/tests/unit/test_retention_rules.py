"""Property: whatever the cases, closures, holds, policies and clock, nothing is deletable
before every holding case is closed and its retention has run out, nor while held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from evidence.domain import retention as rules
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
CATEGORIES = ["default", "homicide", "traffic", "theft"]
moments = st.integers(0, 3650).map(lambda d: EPOCH + timedelta(days=d))
cases = st.builds(
    rules.HoldingCase,
    status=st.sampled_from(["open", "closed", "archived"]),
    closed_at=st.none() | moments,
    categories=st.lists(st.sampled_from(CATEGORIES), max_size=2).map(tuple),
    legal_hold=st.booleans(),
)
items = st.builds(
    rules.ItemRetention,
    categories=st.lists(st.sampled_from(CATEGORIES), max_size=2).map(tuple),
    legal_hold=st.booleans(),
    cases=st.lists(cases, max_size=4).map(tuple),
)
policies = st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 3650))


@given(item=items, policy=policies, now=moments)
def test_nothing_is_deletable_early(item: rules.ItemRetention, policy: dict, now: datetime) -> None:
    if not rules.may_delete(item, policy, now):
        return
    assert item.cases and not item.legal_hold
    for case in item.cases:
        assert not case.legal_hold and case.status != "open" and case.closed_at is not None
        days = rules.retention_days((*case.categories, *item.categories), policy)
        assert case.closed_at + timedelta(days=days) <= now


@given(item=items, policy=policies, deleted=moments, now=moments)
def test_purge_waits_for_the_window_and_retention(
    item: rules.ItemRetention, policy: dict, deleted: datetime, now: datetime
) -> None:
    window = timedelta(days=30)
    if rules.may_purge(item, policy, deleted, window, now):
        assert deleted + window <= now and rules.may_delete(item, policy, now)

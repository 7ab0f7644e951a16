from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from notifier.domain.digests import window

pytestmark = pytest.mark.unit


def test_todays_digest_is_due_from_its_hour() -> None:
    due = window(datetime(2026, 3, 9, 7, 0, tzinfo=UTC), 7)
    assert due == (date(2026, 3, 9), datetime(2026, 3, 9, 7, tzinfo=UTC))


def test_before_the_hour_yesterdays_digest_is_the_one_due() -> None:
    due = window(datetime(2026, 3, 9, 6, 59, tzinfo=UTC), 7)
    assert due == (date(2026, 3, 8), datetime(2026, 3, 8, 7, tzinfo=UTC))

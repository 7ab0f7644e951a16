"""Keyset paging of a case's evidence (decision 0040): forward and back through the rows the
query would read, every row once, the cursors telling where each page stopped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from custody_platform.errors import InvalidArgument
from evidence.domain.paging import Keyset, cut, page_request

pytestmark = pytest.mark.unit

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    created_at: datetime
    id: uuid.UUID


# Two rows share a moment: the id orders them.
ROWS = sorted(
    [Row(START + timedelta(seconds=n // 2), uuid.uuid4()) for n in range(7)],
    key=lambda r: (r.created_at, r.id),
)


def read(at: Keyset | None, limit: int) -> list[Row]:
    """What the repository reads: limit + 1 rows after `at`, or before it newest first."""
    if at is None:
        return ROWS[: limit + 1]
    bound = (at.created_at, at.id)
    if at.backward:
        return [r for r in reversed(ROWS) if (r.created_at, r.id) < bound][: limit + 1]
    return [r for r in ROWS if (r.created_at, r.id) > bound][: limit + 1]


def page(cursor: str, limit: int = 3) -> tuple[list[Row], str, str]:
    limit, at = page_request(limit, cursor)
    found = cut(read(at, limit), limit, at)
    return list(found.rows), found.next_cursor, found.previous_cursor


def test_forward_then_back_sees_every_row_once_in_order() -> None:
    first, after_first, before_first = page("")
    second, after_second, before_second = page(after_first)
    third, after_third, before_third = page(after_second)
    assert first + second + third == ROWS and len(third) == 1
    assert before_first == "" and after_third == ""
    assert page(before_second)[0] == first and page(before_second)[2] == ""
    back, forward, back_again = page(before_third)
    assert back == second and page(forward)[0] == third and page(back_again)[0] == first


def test_limit_zero_is_every_row_without_cursors() -> None:
    found = cut(ROWS, 0, None)
    assert list(found.rows) == ROWS and found.next_cursor == found.previous_cursor == ""


@pytest.mark.parametrize(
    "cursor",
    ["x", "bm90IGpzb24", Keyset(START, uuid.uuid4()).encode()[:-3], "eyJ0IjogMX0"],
)
def test_a_cursor_not_made_here_is_invalid(cursor: str) -> None:
    with pytest.raises(InvalidArgument):
        page_request(10, cursor)


def test_naive_times_and_unknown_directions_are_invalid() -> None:
    naive = Keyset(datetime(2026, 1, 1), uuid.uuid4()).encode()
    with pytest.raises(InvalidArgument):
        page_request(10, naive)
    token = Keyset(START, uuid.uuid4(), backward=True).encode()
    assert Keyset.decode(token).backward
    assert not Keyset.decode(Keyset(START, ROWS[0].id).encode()).backward


@pytest.mark.parametrize("limit", [-1, 501])
def test_limits_beyond_the_bounds_are_invalid(limit: int) -> None:
    with pytest.raises(InvalidArgument):
        page_request(limit, "")

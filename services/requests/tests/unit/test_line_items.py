"""The line-item state machine, by example and by random walks through it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from custody_platform.errors import Conflict
from hypothesis import given
from hypothesis import strategies as st
from video_requests.domain.line_items import (
    APPROVED,
    EXPORTING,
    FULFILLED,
    STATES,
    SUBMITTED,
    TERMINAL,
    TRANSITIONS,
    transition,
)

pytestmark = pytest.mark.unit


@dataclass
class Item:
    status: str = SUBMITTED


def _reachable(start: str) -> set[str]:
    seen, frontier = {start}, [start]
    while frontier:
        for target in TRANSITIONS[frontier.pop()] - seen:
            seen.add(target)
            frontier.append(target)
    return seen


def test_happy_path_to_fulfilled() -> None:
    item = Item()
    for state in (APPROVED, EXPORTING, FULFILLED):
        transition(item, state)
    assert item.status == FULFILLED


def test_second_approval_is_a_conflict_with_the_current_state() -> None:
    item = Item(EXPORTING)
    with pytest.raises(Conflict) as raised:
        transition(item, APPROVED)
    assert raised.value.current_state == EXPORTING
    assert item.status == EXPORTING


def test_table_is_closed_and_terminal_states_have_no_exit() -> None:
    assert all(targets <= STATES for targets in TRANSITIONS.values())
    assert {"rejected", "cancelled", "expired", "fulfilled", "video_unavailable"} == TERMINAL
    assert _reachable(SUBMITTED) == STATES


@given(st.lists(st.sampled_from(sorted(STATES)), max_size=30))
def test_random_walks_stay_inside_the_table(targets: list[str]) -> None:
    item, reachable = Item(), _reachable(SUBMITTED)
    for target in targets:
        before = item.status
        try:
            transition(item, target)
        except Conflict as conflict:
            assert conflict.current_state == before
            assert item.status == before
            assert target not in TRANSITIONS[before]
            continue
        assert target in TRANSITIONS[before]
        assert before not in TERMINAL
        assert item.status in reachable


@given(st.sampled_from(sorted(TERMINAL)), st.lists(st.sampled_from(sorted(STATES)), max_size=10))
def test_terminal_states_stay_terminal(terminal: str, targets: list[str]) -> None:
    item = Item(terminal)
    for target in targets:
        with pytest.raises(Conflict):
            transition(item, target)
    assert item.status == terminal

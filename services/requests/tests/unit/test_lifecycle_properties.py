"""Property test of the line-item state machine: whatever commands arrive, in whatever
order, an item never reaches an illegal state, and a refused command changes nothing."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass

import pytest
from custody_platform.errors import Conflict, InvalidArgument
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from video_requests.domain import lifecycle
from video_requests.domain.line_items import (
    APPROVED,
    EXPORTING,
    FULFILLED,
    STATES,
    SUBMITTED,
    TERMINAL,
    TRANSITIONS,
)

pytestmark = pytest.mark.unit

texts = st.sampled_from(["", "   ", "not our camera", "x" * 2001])
permissions = st.sampled_from(["", "view", "download", "edit"])


@dataclass
class Item:
    status: str = SUBMITTED
    permission: str | None = None
    reason: str | None = None
    export_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    evidence_id: uuid.UUID | None = None


class LineItemMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.item = Item()
        self.history = [SUBMITTED]

    def _run(self, command: object, *args: object) -> None:
        before = copy.deepcopy(self.item)
        try:
            command(self.item, *args)  # type: ignore[operator]
        except (Conflict, InvalidArgument):
            assert self.item == before, "a refused command changed the item"
            return
        if self.item.status != self.history[-1]:
            self.history.append(self.item.status)

    @rule()
    def review(self) -> None:
        self._run(lifecycle.start_review)

    @rule(question=texts)
    def ask(self, question: str) -> None:
        self._run(lifecycle.ask_more_info, question)

    @rule()
    def answer(self) -> None:
        self._run(lifecycle.answered)

    @rule(permission=permissions)
    def approve(self, permission: str) -> None:
        self._run(lifecycle.approve, permission, uuid.uuid4())

    @rule(reason=texts)
    def reject(self, reason: str) -> None:
        self._run(lifecycle.reject, reason)

    @rule()
    def cancel(self) -> None:
        self._run(lifecycle.cancel)

    @rule()
    def expire(self) -> None:
        self._run(lifecycle.expire)

    @rule()
    def fulfil(self) -> None:
        self._run(lifecycle.fulfil, uuid.uuid4(), uuid.uuid4())

    @rule(reason=texts)
    def no_video(self, reason: str) -> None:
        self._run(lifecycle.unavailable, reason)

    @invariant()
    def status_is_known(self) -> None:
        assert self.item.status in STATES

    @invariant()
    def every_move_is_in_the_table(self) -> None:
        for before, after in zip(self.history, self.history[1:], strict=False):
            legal = after in TRANSITIONS[before]
            passed_through_approval = after == EXPORTING and APPROVED in TRANSITIONS[before]
            assert legal or passed_through_approval, (before, after)
            assert before not in TERMINAL

    @invariant()
    def outcomes_carry_what_they_need(self) -> None:
        item = self.item
        if item.status in {"rejected", "video_unavailable", "expired"}:
            assert item.reason and item.reason.strip()
        if item.status in {EXPORTING, FULFILLED, "video_unavailable"}:
            assert item.permission in {"view", "download"} and item.export_id is not None
        if item.status == FULFILLED:
            assert item.case_id is not None and item.evidence_id is not None
        if item.status in {SUBMITTED, "under_review", "more_info_requested"}:
            assert item.permission is None and item.export_id is None


LineItemMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=25)
test_line_item_commands = LineItemMachine.TestCase

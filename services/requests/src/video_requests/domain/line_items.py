"""The line-item state machine: one camera's video, decided by the camera's owner.

Every allowed move is listed here; anything else is a Conflict carrying the current state,
so a second approver learns what happened instead of silently overwriting it.
"""

from __future__ import annotations

from typing import Protocol

from custody_platform.errors import Conflict

SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
MORE_INFO_REQUESTED = "more_info_requested"
APPROVED = "approved"
REJECTED = "rejected"
CANCELLED = "cancelled"
EXPORTING = "exporting"
FULFILLED = "fulfilled"
VIDEO_UNAVAILABLE = "video_unavailable"
EXPIRED = "expired"

# Undecided items may be cancelled by the requester or expire at their SLA due date; once an
# owner decides, only the export's outcome moves the item on.
TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset(
        {UNDER_REVIEW, APPROVED, REJECTED, MORE_INFO_REQUESTED, CANCELLED, EXPIRED}
    ),
    UNDER_REVIEW: frozenset({APPROVED, REJECTED, MORE_INFO_REQUESTED, CANCELLED, EXPIRED}),
    MORE_INFO_REQUESTED: frozenset({UNDER_REVIEW, REJECTED, CANCELLED, EXPIRED}),
    APPROVED: frozenset({EXPORTING}),
    EXPORTING: frozenset({FULFILLED, VIDEO_UNAVAILABLE}),
    REJECTED: frozenset(),
    CANCELLED: frozenset(),
    EXPIRED: frozenset(),
    FULFILLED: frozenset(),
    VIDEO_UNAVAILABLE: frozenset(),
}
UNDECIDED = frozenset({SUBMITTED, UNDER_REVIEW, MORE_INFO_REQUESTED})
STATES = frozenset(TRANSITIONS)
TERMINAL = frozenset(state for state, targets in TRANSITIONS.items() if not targets)


class Stateful(Protocol):
    status: str


def can_transition(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def transition(item: Stateful, to: str) -> None:
    """Move ``item`` to ``to``, or raise Conflict(current_state=...) leaving it unchanged."""
    if not can_transition(item.status, to):
        raise Conflict(
            f"line item is {item.status} and cannot become {to}", current_state=item.status
        )
    item.status = to

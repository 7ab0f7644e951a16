"""Redaction job states and the moves between them.

    queued -> analysing -> awaiting_review -> rendering -> completed
    any non-terminal state -> cancelled; analysing / rendering -> failed (with a reason)

A worker holds a lease on a job while it runs a step; `analysing` and `rendering` are the
states in which a worker (or, after a crash, the next worker) does the work.
"""

from __future__ import annotations

from typing import Literal

from custody_platform.errors import Conflict

JobStatus = Literal[
    "queued", "analysing", "awaiting_review", "rendering", "completed", "failed", "cancelled"
]
Step = Literal["analyse", "render"]
JOB_STATUSES: tuple[JobStatus, ...] = (
    "queued",
    "analysing",
    "awaiting_review",
    "rendering",
    "completed",
    "failed",
    "cancelled",
)
INITIAL_STATUS: JobStatus = "queued"
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})
# States a worker picks up: a queued job is analysed, a reviewed one rendered.
RUNNABLE: tuple[JobStatus, ...] = ("queued", "analysing", "rendering")

TRANSITIONS: dict[str, frozenset[str]] = {
    "queued": frozenset({"analysing", "failed", "cancelled"}),
    "analysing": frozenset({"awaiting_review", "failed", "cancelled"}),
    "awaiting_review": frozenset({"rendering", "cancelled"}),
    "rendering": frozenset({"completed", "failed", "cancelled"}),
    "completed": frozenset(),
    "failed": frozenset(),
    "cancelled": frozenset(),
}


def ensure_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise Conflict(f"a {current} redaction job cannot become {target}", current_state=current)


def step_of(status: str) -> Step:
    """The step a worker runs for a claimed job."""
    return "render" if status == "rendering" else "analyse"


def percent(frames_done: int, frames_total: int) -> float:
    if frames_total <= 0:
        return 0.0
    return round(min(100.0, 100.0 * frames_done / frames_total), 1)

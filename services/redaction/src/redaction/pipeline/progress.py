"""Throttled progress reports and cancellation checks for the long pipeline loops."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from redaction.domain.media import Cancelled, Progress

REPORT_EVERY_S = 0.25


class Reporter:
    def __init__(
        self,
        step: Literal["analyse", "render"],
        total: int,
        on_progress: Callable[[Progress], None],
        cancelled: Callable[[], bool],
    ) -> None:
        self._step, self._total = step, total
        self._on_progress, self._cancelled = on_progress, cancelled
        self._start = self._last = time.monotonic()

    def expect(self, total: int) -> None:
        """The frame count, once the container has been opened and probed."""
        self._total = total

    def tick(self, done: int, *, force: bool = False) -> None:
        """Raise `Cancelled` if asked to stop; report at most every REPORT_EVERY_S."""
        if self._cancelled():
            raise Cancelled()
        now = time.monotonic()
        if force or now - self._last >= REPORT_EVERY_S:
            self._last = now
            fps = done / max(now - self._start, 1e-6)
            total = max(self._total, done)
            self._on_progress(
                Progress(step=self._step, frames_done=done, frames_total=total, fps=fps)
            )

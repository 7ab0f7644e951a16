"""The SLA clock: an owner's SLA hours become a due date. Test stacks shrink the hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SlaClock:
    hour_seconds: float = 3600.0
    reminder_share: float = 0.25  # remind when this share of the SLA is left

    def due_at(self, submitted_at: datetime, sla: timedelta | None) -> datetime | None:
        if sla is None:
            return None
        return submitted_at + sla * (self.hour_seconds / 3600.0)

    def remind_at(self, submitted_at: datetime, due_at: datetime | None) -> datetime | None:
        if due_at is None:
            return None
        return due_at - (due_at - submitted_at) * self.reminder_share

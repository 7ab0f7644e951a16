"""When the daily digest goes out, and what it covers. No I/O.

The digest of a day is sent at or after the hour set (UTC) and holds every notice kept
before that hour and not yet sent: a notice kept after it waits for the next day's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple


class Window(NamedTuple):
    day: date  # whose digest: one per person per day
    cutoff: datetime  # notices kept before this


def window(now: datetime, hour: int) -> Window:
    """The latest digest due at ``now``: today's once its hour has come, else yesterday's
    (which a scheduler that was down at the hour still sends)."""
    today = datetime.combine(now.date(), time(hour), tzinfo=now.tzinfo)
    cutoff = today if now >= today else today - timedelta(days=1)
    return Window(cutoff.date(), cutoff)

"""How values read on a page: states as words, times in UTC, sizes in MB and GB."""

from __future__ import annotations

from datetime import UTC, datetime


def state_label(value: str) -> str:
    """`pending_review` -> `Pending review`."""
    words = value.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Unknown"


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


MIB = 1024 * 1024


def size_in_words(value: int) -> str:
    if value < MIB:
        return f"{value:,} bytes"
    mib = value / MIB
    return f"{mib:,.0f} MB" if mib < 1024 else f"{mib / 1024:,.1f} GB"

"""How values read on a page: states as words, times in UTC, byte counts in KB, MB and GB."""

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


def size(count: int | None) -> str:
    """Bytes for people: 1,536 -> 1.5 KB (decimal units, as storage is sold)."""
    if count is None:
        return "—"
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{count:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{count:,} bytes"

"""The one CSV writer every export uses: cells a spreadsheet would run as formulas are defused.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
LibreOffice (CSV injection: `=HYPERLINK(...)` in a camera name runs on the reader's machine).
Such a cell gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers:
`-73.6` is a longitude, not a formula. `read_cell` undoes the apostrophe, so an exported file
imports back as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def read_cell(text: str) -> str:
    """A cell as it was before `safe_cell` defused it."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def csv_line(cells: Iterable[Any]) -> str:
    """One CSV record (RFC 4180, CRLF), every cell defused."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(safe_cell(c) for c in cells)
    return buffer.getvalue()


def csv_document(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    return csv_line(header) + "".join(csv_line(row) for row in rows)

"""Every export defuses spreadsheet formulas, keeps numbers, and reads back as it was."""

from __future__ import annotations

import csv
import io

import pytest
from custody_platform.csv_export import csv_document, csv_line, read_cell, safe_cell

pytestmark = pytest.mark.unit

DANGEROUS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("cell", DANGEROUS)
def test_formulas_are_defused_and_read_back(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    assert read_cell(safe_cell(cell)) == cell


@pytest.mark.parametrize("cell", ["-73.6", "+1", "12", "Main St", "", "'quoted", "a=b"])
def test_ordinary_cells_and_numbers_are_unchanged(cell: str) -> None:
    assert safe_cell(cell) == cell
    assert read_cell(cell) == cell


def test_a_document_parses_back_with_the_standard_reader() -> None:
    rows_in = [["=cmd|' /C calc'!A0", -45.5], ['say "hi",\nthere', None]]
    text = csv_document(["name", "lat"], rows_in)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["name", "lat"], ["'=cmd|' /C calc'!A0", "-45.5"], ['say "hi",\nthere', ""]]
    assert csv_line(["a"]).endswith("\r\n")

"""An owner's admin imports cameras from a file in a real browser: a file with two bad lines
shows both in the dry run's table and nothing is created; the corrected file, checked and
imported by keyboard, creates its cameras, as the API's export has them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HEADER = "name,kind,latitude,longitude,address\n"
GOOD = "Pier gate,fixed,45.5020,-73.5650,2 Pier Road\n"
BAD_LINES = "Harbor lot,drone,45.5021,-73.5651,\nTower roof,ptz,95,-73.5652,\n"


@pytest.fixture(scope="module")
def owner(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    return new_person_in_new_org(gateway, admin, "Harbor Docks", "Lena Ortiz", ["org_admin"])


def _exported_names(gateway: httpx.Client, headers: dict[str, str]) -> list[str]:
    answer = gateway.get("/api/v1/cameras/export", params={"format": "csv"}, headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(row["name"] for row in csv.DictReader(io.StringIO(answer.text)))


def test_an_admin_sees_every_bad_line_then_imports_the_corrected_file(
    page: Page, gateway: httpx.Client, owner: dict[str, Any], visits: Visits, tmp_path: Path
) -> None:
    page.goto("/sign-in")
    sign_in(page, owner["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Import cameras"
    ).click()
    expect(page.get_by_role("heading", name="Import cameras", exact=True)).to_be_visible()
    visits.check(page, "import cameras")

    bad = tmp_path / "cameras.csv"
    bad.write_text(HEADER + GOOD + BAD_LINES)
    page.get_by_label("Camera file").set_input_files(bad)
    page.get_by_role("button", name="Check file").click()
    table = page.get_by_role("table", name="Problems by line")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and the two bad lines
    expect(table).to_contain_text("Kind must be one of")
    expect(table).to_contain_text("Latitude must be within")
    expect(table.get_by_role("rowheader")).to_have_text(["3", "4"])
    expect(page.get_by_text("Nothing has been imported")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    visits.check(page, "import cameras bad lines")
    assert _exported_names(gateway, owner["headers"]) == []

    # The corrected file, checked and imported by keyboard.
    fixed = tmp_path / "cameras-fixed.csv"
    fixed.write_text(HEADER + GOOD + BAD_LINES.replace("drone", "fixed").replace(",95,", ",45.5,"))
    page.get_by_label("Choose another file").set_input_files(fixed)
    page.get_by_role("button", name="Check file").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("3 new cameras would be created")).to_be_visible()
    visits.check(page, "import cameras checked")
    page.get_by_role("button", name="Import 3 cameras").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("3 cameras imported")).to_be_visible()
    expect(page.get_by_role("link", name="See your cameras")).to_have_attribute(
        "href", "/admin/cameras"
    )
    visits.check(page, "import cameras imported")
    assert _exported_names(gateway, owner["headers"]) == ["Harbor lot", "Pier gate", "Tower roof"]

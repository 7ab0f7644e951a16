"""An investigator works a case's evidence grid in a real browser (decision 0036): sees where a
delivered video came from on its card (camera, device and channel, recorded window, position),
ticks items by keyboard and by their label, tags them and sets their retention category in
one go, is told at the field when nothing was ticked, and sends two items to the side-by-side
player. The case list pages by the API's cursor.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .deliveries import CAMERA_NAME, deliver
from .helpers import PASSWORD, call, new_case, tus_upload, wait_for_items
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]
GRID_PAGE = 100  # web.domain.case_bulk.GRID_PAGE: cards on one page of the grid


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """A delivered video in Ana's case, beside two files she uploaded; a retention category."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_person_in_new_org(gateway, root, "Quay Mall", "Olga Admin", ["org_admin"])
    approver = new_person(gateway, root, owner["org_id"], "Abe Approver", ["approver"])
    ana = new_person_in_new_org(gateway, root, "Quay PD", "Ana Ruiz", ["investigator"])
    chief = new_person(gateway, root, ana["org_id"], "Cy Chief", ["org_admin"])
    policy = "/api/v1/retention-policies/homicide"
    call(gateway, "PUT", policy, chief["headers"], {"days": 3650})
    done = deliver(stack, gateway, owner["headers"], approver["headers"], ana["headers"])
    case_id = done["request"]["line_items"][0]["case_id"]
    grant = call(gateway, "POST", f"/api/v1/cases/{case_id}/uploads", ana["headers"], {}, 201)
    for name in ("notes-a.txt", "notes-b.txt"):
        tus_upload(grant["tus_url"], grant["token"], name.encode() * 40, name, "text/plain")
    items = wait_for_items(gateway, ana["headers"], case_id, 3)
    return {"ana": ana, "case_id": case_id, "items": {i["filename"]: i["id"] for i in items}}


def test_an_investigator_tags_and_categorises_ticked_items(
    page: Page, gateway: httpx.Client, world: dict[str, Any], visits: Visits
) -> None:
    ana, case_id = world["ana"], world["case_id"]
    page.goto(f"/cases/{case_id}")
    sign_in(page, ana["email"], PASSWORD)
    expect(page).to_have_url(re.compile(f"/cases/{case_id}$"))

    # The delivered video's card says where it came from.
    delivered = page.get_by_role("listitem").filter(has_text=CAMERA_NAME)
    expect(delivered).to_contain_text("Registry camera (requested)")
    expect(delivered).to_contain_text(re.compile(r"Device [0-9a-f]{8}, channel 2"))
    expect(delivered).to_contain_text("45.50290, -73.56660")
    expect(delivered.get_by_text("Recorded")).to_be_visible()
    visits.check(page, "case grid with provenance")

    # Nothing ticked: refused at the selection, what was typed kept.
    page.get_by_label("Add tags").fill("night, dock")
    page.get_by_role("button", name="Apply to selected items").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one item")
    expect(page.get_by_label("Add tags")).to_have_value("night, dock")
    visits.check(page, "bulk form refused")

    # One item ticked by keyboard, one by its label; tags and a category in one go.
    page.get_by_label("Select notes-a.txt").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Select notes-a.txt")).to_be_checked()
    page.get_by_text("Select notes-b.txt").click()
    expect(page.get_by_label("Select notes-b.txt")).to_be_checked()
    page.get_by_label("Set retention category").select_option("homicide")
    page.get_by_label("Add tags").focus()
    page.keyboard.press("Enter")  # submits with the form's first button: Apply
    expect(page.get_by_role("status").filter(has_text="2 items changed")).to_be_visible()
    for name in ("notes-a.txt", "notes-b.txt"):
        card = page.get_by_role("listitem").filter(has_text=f"Select {name}")
        expect(card).to_contain_text("night, dock")
        expect(card).to_contain_text("homicide")
    visits.check(page, "bulk change done")
    for name in ("notes-a.txt", "notes-b.txt"):
        item = call(gateway, "GET", f"/api/v1/evidence/{world['items'][name]}", ana["headers"])
        assert item["tags"] == ["night", "dock"] and item["categories"] == ["homicide"]
    video = call(gateway, "GET", f"/api/v1/evidence/{_video(world)}", ana["headers"])
    assert video["tags"] == [] and video["categories"] == []

    # Play side by side: the player's address names the ticked items, in the grid's order.
    page.get_by_text("Select notes-a.txt").click()
    page.get_by_text(f"Select {_video_name(world)}").click()
    page.get_by_role("button", name="Play side by side").click()
    expect(page).to_have_url(re.compile(f"/cases/{case_id}/multiview\\?item=.+&item=.+"))
    assert "csrf" not in page.url
    assert set(re.findall(r"item=([0-9a-f-]{36})", page.url)) == {
        world["items"]["notes-a.txt"],
        _video(world),
    }


def _video_name(world: dict[str, Any]) -> str:
    return next(n for n in world["items"] if not n.startswith("notes-"))


def _video(world: dict[str, Any]) -> str:
    return str(world["items"][_video_name(world)])


def test_the_case_list_pages_by_cursor(
    page: Page, stack: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    eli = new_person_in_new_org(gateway, root, "Many Cases PD", "Eli Stone", ["investigator"])
    made = [new_case(gateway, eli["headers"], title=f"Case {n:02}")["id"] for n in range(23)]
    page.goto("/cases")
    sign_in(page, eli["email"], PASSWORD)
    expect(page.get_by_role("status").filter(has_text="23 cases")).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages of cases")
    expect(pages).to_contain_text("Page 1 of 2")
    expect(page.get_by_text("Case 22", exact=True)).to_be_visible()  # newest first
    visits.check(page, "cases page 1")
    pages.get_by_role("link", name="Next page").click()
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(4)  # a header and 3
    expect(page.get_by_text("Case 00", exact=True)).to_be_visible()
    visits.check(page, "cases page 2")
    pages.get_by_role("link", name="First page").click()
    expect(pages).to_contain_text("Page 1 of 2")
    assert len(made) == 23


def test_a_large_case_pages_its_evidence_grid(
    page: Page, stack: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    """A case of more items than a grid page (decision 0040): the web app asks the API for one
    page at a time; next and previous pages, the count of the whole case, and a bulk change on
    the second page that comes back to that page."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    eli = new_person_in_new_org(gateway, root, "Big Case PD", "Eli Stone", ["investigator"])
    case = new_case(gateway, eli["headers"], title="Warehouse fire")
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", eli["headers"], {}, 201)
    names = [f"still-{n:03}.txt" for n in range(GRID_PAGE + 1)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda n: tus_upload(grant["tus_url"], grant["token"], n.encode(), n,
                                           "text/plain"), names))  # fmt: skip
    items = wait_for_items(gateway, eli["headers"], case["id"], len(names), timeout=300)
    last = items[-1]["filename"]

    page.goto(f"/cases/{case['id']}")
    sign_in(page, eli["email"], PASSWORD)
    expect(page.get_by_role("heading", name=f"Evidence ({len(names)})")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("^Select still-"))).to_have_count(GRID_PAGE)
    pages = page.get_by_role("navigation", name="Pages of evidence")
    expect(pages).to_contain_text("Page 1 of 2")
    expect(page.get_by_label(f"Select {last}")).to_have_count(0)
    pages.get_by_role("link", name="Next page").click()
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("checkbox", name=re.compile("^Select still-"))).to_have_count(1)
    visits.check(page, "case grid page 2")

    # Ticked on the second page and tagged: back on the second page, told, the tag on its card.
    page.get_by_label(f"Select {last}").focus()
    page.keyboard.press("Space")
    page.get_by_label("Add tags").fill("last")
    page.get_by_role("button", name="Apply to selected items").click()
    expect(page.get_by_role("status").filter(has_text="1 item changed")).to_be_visible()
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("listitem").filter(has_text=f"Select {last}")).to_contain_text("last")
    pages.get_by_role("link", name="Previous page").click()
    expect(pages).to_contain_text("Page 1 of 2")
    expect(page.get_by_label(f"Select {items[0]['filename']}")).to_be_visible()

"""An investigator uploads into a case from the browser: files dropped on the page and a
folder chosen with the folder input go up with tus, progress reaches 100% per file and in
total, and the items arrive in the case with source "Browser upload" and the bytes' SHA-256.
A 64 MiB upload, slowed down, survives a page reload (choosing the same file again resumes
from the stored offset: "resumed at N%") and a dropped network (it waits, then completes).

By role and label; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call, wait_for_items
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]
MIB = 1024 * 1024
# Bytes per second the browser may send while a test interrupts an upload part way.
SLOW_UPLOAD = 6 * MIB


@pytest.fixture(scope="module")
def ana(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    return new_person_in_new_org(gateway, admin, "Harbor PD", "Ana Ruiz", ["investigator"])


def _case(gateway: httpx.Client, person: dict[str, Any], title: str) -> dict[str, Any]:
    return call(gateway, "POST", "/api/v1/cases", person["headers"], {"title": title}, 201)


def _signed_in_upload_page(page: Page, person: dict[str, Any], case: dict[str, Any]) -> None:
    page.goto(f"/cases/{case['id']}/upload")
    sign_in(page, person["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Upload files")).to_be_visible()
    current = page.get_by_role("link", name="Upload files")
    expect(current).to_have_attribute("aria-current", "page")


def _drop(page: Page, files: dict[str, bytes]) -> None:
    """Drops files on the drop zone as a person's drag from the desktop does."""
    page.get_by_text("Drag files or folders here").evaluate(
        """(target, files) => {
            const transfer = new DataTransfer();
            for (const [name, text] of Object.entries(files)) {
                transfer.items.add(new File([text], name, {type: "text/plain"}));
            }
            const zone = target.closest(".web-dropzone");
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true}));
            }
        }""",
        {name: data.decode() for name, data in files.items()},
    )


def _percent(page: Page, name: str) -> float:
    return float(page.get_by_label(name, exact=True).evaluate("bar => bar.value"))


def test_files_and_a_folder_go_into_the_case_as_browser_uploads(
    page: Page, gateway: httpx.Client, ana: dict[str, Any], visits: Visits, tmp_path: Path
) -> None:
    case = _case(gateway, ana, "Warehouse fire")
    _signed_in_upload_page(page, ana, case)
    visits.check(page, "upload page")

    dropped = {"statement.txt": b"Witness statement\n" * 200, "notes.txt": b"Scene notes\n" * 50}
    _drop(page, dropped)
    folder = tmp_path / "scene-photos"
    folder.mkdir()
    shots = {f"shot-{n}.bin": os.urandom(300_000 + n) for n in range(2)}
    for name, data in shots.items():
        (folder / name).write_bytes(data)
    # Keyboard: Tab reaches the folder input from the files input.
    page.get_by_label("Choose files").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Choose a folder")).to_be_focused()
    page.get_by_label("Choose a folder").set_input_files(folder)

    summary = page.get_by_role("status").filter(has_text="uploaded")
    expect(summary).to_have_text("All 4 files uploaded.", timeout=120_000)
    assert _percent(page, "All files: 100%") == 100
    for name in ("statement.txt", "notes.txt", *(f"scene-photos/{n}" for n in shots)):
        assert _percent(page, name) == 100
    received = page.get_by_role("region", name="In the case now")
    expect(received.get_by_role("list").get_by_role("link")).to_have_count(4, timeout=90_000)
    expect(received.get_by_role("link", name="shot-1.bin")).to_have_attribute(
        "href", re.compile(r"^/evidence/[0-9a-f-]{36}$")
    )
    visits.check(page, "upload done")

    items = wait_for_items(gateway, ana["headers"], case["id"], 4)
    expected = {name: hashlib.sha256(data).hexdigest() for name, data in (dropped | shots).items()}
    assert {i["filename"]: i["sha256"] for i in items} == expected
    assert {i["source"] for i in items} == {"browser"}

    page.get_by_role("link", name="See the case's evidence").click()
    grid = page.get_by_role("region", name=re.compile(r"Evidence \(4\)"))
    card = grid.get_by_role("listitem").filter(has=page.get_by_role("heading", name="notes.txt"))
    expect(card).to_contain_text("Browser upload")
    card.get_by_text("SHA-256").click()
    expect(card.get_by_text(expected["notes.txt"])).to_be_visible()


def _slow(page: Page, on: bool) -> Any:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = SLOW_UPLOAD if on else -1
    conditions = {"offline": False, "latency": 0, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": rate})
    return cdp


def _big_file(tmp_path: Path, name: str) -> tuple[Path, str]:
    path = tmp_path / name
    data = os.urandom(64 * MIB)
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def _wait_for_percent(page: Page, name: str, at_least: float) -> None:
    page.wait_for_function(
        """([name, at]) => {
            const label = Array.from(document.querySelectorAll("label")).find(
                (l) => l.textContent === name);
            return label && document.getElementById(label.htmlFor).value >= at;
        }""",
        arg=[name, at_least],
        timeout=120_000,
    )


def test_an_upload_survives_a_reload_and_a_dropped_network(
    page: Page, gateway: httpx.Client, ana: dict[str, Any], visits: Visits, tmp_path: Path
) -> None:
    case = _case(gateway, ana, "Harbor camera dump")
    _signed_in_upload_page(page, ana, case)
    big, digest = _big_file(tmp_path, "dock-camera.mp4")
    cdp = _slow(page, True)
    page.get_by_label("Choose files").set_input_files(big)
    _wait_for_percent(page, "dock-camera.mp4", 20)

    # A reload part way: the same file chosen again continues from the stored offset.
    page.reload()
    page.get_by_label("Choose files").set_input_files(big)
    resumed = page.get_by_text(re.compile(r"resumed at (\d+)%"))
    expect(resumed).to_be_visible(timeout=60_000)
    at = int(re.search(r"(\d+)%", resumed.inner_text()).group(1))  # type: ignore[union-attr]
    assert at >= 10, resumed.inner_text()
    visits.check(page, "upload resumed")

    # The network drops part way: the upload waits for it, then completes by itself.
    _wait_for_percent(page, "dock-camera.mp4", at + 10)
    page.context.set_offline(True)
    expect(page.get_by_text("waiting for the network").first).to_be_visible(timeout=60_000)
    visits.check(page, "upload waiting for the network")
    page.context.set_offline(False)
    cdp.detach()
    _slow(page, False)
    summary = page.get_by_role("status").filter(has_text="uploaded")
    expect(summary).to_have_text("All 1 file uploaded.", timeout=180_000)

    items = wait_for_items(gateway, ana["headers"], case["id"], 1)
    assert [(i["filename"], i["sha256"], i["source"]) for i in items] == [
        ("dock-camera.mp4", digest, "browser")
    ]

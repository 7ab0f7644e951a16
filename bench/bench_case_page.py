"""Server time of a case's page holding 1,000 evidence items (target: p95 ≤ 200 ms).

Starts the stack as `make run` does, makes an investigator and a case, uploads --items small
files into it with tus through an upload grant (several at a time), waits until the case lists
them all and the processing worker is done with them, signs in through the web app's form and
fetches the case page (its first page of the grid, and the last, reached by the cursor the
grid's links carry) --samples times in a row over loopback. The time is the whole answer as a
browser gets it: the web app's work, its calls to the gateway (the case, the grid's page of
its items, the directory, the retention categories) and drawing the grid. Writes
bench/results/case-page.json.

    python bench/bench_case_page.py [--samples 100] [--items 1000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from bench_ingest import RESULTS
from bench_web_pages import measure, signed_in_browser
from embedded_stack import PASSWORD, api, login, new_person, running_stack
from tusclient.client import TusClient

TARGET_P95_MS = 200.0
GRID_PAGE = 100  # web.domain.case_bulk.GRID_PAGE


def _upload(grant: dict[str, Any], n: int) -> None:
    client = TusClient(grant["tus_url"], headers={"Authorization": f"Bearer {grant['token']}"})
    data = f"bench item {n}\n".encode() * 20
    uploader = client.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=len(data),
        metadata={"filename": f"item-{n:04d}.txt", "filetype": "text/plain"},
    )
    uploader.upload()


def seed(stack: dict[str, Any], items: int) -> dict[str, Any]:
    """A case of `items` files, all listed and processed."""
    with httpx.Client(base_url=stack["gateway_url"], timeout=120) as client:
        admin = login(client, stack["admin_email"], stack["admin_password"])
        dana = new_person(client, admin, "Dana Reyes", ["investigator"])
        case = api(client, "POST", "/cases", dana["headers"], {"title": "Bench case"})
        grant = api(client, "POST", f"/cases/{case['id']}/uploads", dana["headers"], {})
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda n: _upload(grant, n), range(items)))
        uploaded_s = time.perf_counter() - started
        _wait_listed(client, dana["headers"], case["id"], items)
    return {"email": dana["email"], "case_id": case["id"], "upload_seconds": round(uploaded_s)}


def _wait_listed(client: httpx.Client, headers: Any, case_id: str, items: int) -> None:
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        found = [i for page in _pages(client, headers, case_id, 500) for i in page["items"]]
        if len(found) >= items and all(i["processing"] != "pending" for i in found):
            return
        time.sleep(2)
    raise SystemExit(f"the case did not list {items} processed items in 15 minutes")


def _pages(client: httpx.Client, headers: Any, case_id: str, limit: int) -> Iterator[Any]:
    """The case's evidence a page at a time, following the API's cursor."""
    cursor = ""
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        page = api(client, "GET", f"/cases/{case_id}/evidence?{query}", headers)
        yield page
        if not (cursor := page["next_cursor"]):
            return


def _grid_pages(stack: dict[str, Any], seeded: dict[str, Any]) -> list[str]:
    """The case page's first page of the grid, and its last as the grid's links reach it."""
    case_id = seeded["case_id"]
    with httpx.Client(base_url=stack["gateway_url"], timeout=120) as client:
        headers = login(client, seeded["email"], PASSWORD)
        pages = list(_pages(client, headers, case_id, GRID_PAGE))
    if len(pages) == 1:
        return [f"/cases/{case_id}"] * 2
    last = f"/cases/{case_id}?grid={len(pages)}&cursor={pages[-2]['next_cursor']}"
    return [f"/cases/{case_id}", last]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    with running_stack(SIGN_IN_ATTEMPTS="1000") as stack:
        seeded = seed(stack, args.items)
        pages = _grid_pages(stack, seeded)
        browser = signed_in_browser(stack["web_url"], seeded["email"])
        try:
            results = {page: measure(browser, page, args.samples) for page in pages}
        finally:
            browser.close()
    for found in results.values():
        if "p95_ms" in found:
            found["meets_target"] = found["p95_ms"] <= TARGET_P95_MS
    report = {
        "target_p95_ms": TARGET_P95_MS,
        "samples": args.samples,
        "items": args.items,
        "upload_seconds": seeded["upload_seconds"],
        "pages": results,
        "load_average_1_5_15": [round(load, 2) for load in os.getloadavg()],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "case-page.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

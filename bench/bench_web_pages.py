"""Server time of the web app's main pages on the embedded stack (target: p95 ≤ 150 ms).

Starts the stack as `make run` does, seeds two organizations (an investigator and approver
in one, a camera owner in the other), --requests video requests and a case through the
gateway's API, signs each in through the web app's form, then fetches each of its pages
--samples times in a row over loopback: the investigator's, then the camera owner's (its
review queue holds every request, and its admin pages). The time is the whole answer as a
browser gets it: the web app's work and its calls to the gateway. Writes
bench/results/web-pages.json.

    python bench/bench_web_pages.py [--samples 100] [--requests 50]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from bench_ingest import RESULTS
from embedded_stack import PASSWORD, api, login, new_person, running_stack

TARGET_P95_MS = 150.0


def seed(stack: dict[str, Any], requests: int) -> dict[str, Any]:
    """Pages with something on them: requests to another org's camera, and a case."""
    with httpx.Client(base_url=stack["gateway_url"], timeout=60) as client:
        admin = login(client, stack["admin_email"], stack["admin_password"])
        metro = new_person(client, admin, "Dana Reyes", ["investigator", "approver", "org_admin"])
        harbor = new_person(client, admin, "Sam Okafor", ["org_admin", "approver"])
        device = {"name": "Dock DVR", "kind": "in_car", "channels": 1}
        created = api(client, "POST", "/devices", harbor["headers"], device)
        camera = api(client, "POST", "/cameras", harbor["headers"], _camera(created))
        end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        window = {"start": (end - timedelta(minutes=10)).isoformat(), "end": end.isoformat()}
        made = [
            api(client, "POST", "/requests", metro["headers"], _request(camera, window, n))
            for n in range(requests)
        ]
        case = api(client, "POST", "/cases", metro["headers"], {"title": "Bench case"})
    return {
        "email": metro["email"],
        "owner_email": harbor["email"],
        "camera_id": camera["id"],
        "request_id": made[-1]["id"],
        "case_id": case["id"],
    }


def _camera(created: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Loading dock",
        "kind": "fixed",
        "latitude": 45.5029,
        "longitude": -73.5666,
        "device_id": created["device"]["id"],
        "channel": 1,
        "visibility": "registry",
    }


def _request(camera: dict[str, Any], window: dict[str, str], n: int) -> dict[str, Any]:
    item = {"camera_id": camera["id"], **window}
    return {"incident_number": f"B-{n:05d}", "description": "Bench", "line_items": [item]}


def signed_in_browser(web_url: str, email: str) -> httpx.Client:
    browser = httpx.Client(base_url=web_url, timeout=60, follow_redirects=True)
    page = browser.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = {"csrf_token": token.group(1), "email": email, "password": PASSWORD, "next": "/"}
    home = browser.post("/sign-in", data=form)
    assert "Sign out" in home.text, "signing in through the web app failed"
    return browser


def measure(browser: httpx.Client, path: str, samples: int) -> dict[str, Any]:
    first = browser.get(path)
    if first.status_code != 200:
        return {"status": first.status_code}
    for _ in range(5):  # warm: templates compiled, connections open
        browser.get(path)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        browser.get(path).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    return {
        "status": 200,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(times), 1),
        "meets_target": p95 <= TARGET_P95_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with running_stack(SIGN_IN_ATTEMPTS="1000") as stack:
        seeded = seed(stack, args.requests)
        investigator_pages = [
            "/",
            "/home/counts",
            "/requests",
            f"/requests/{seeded['request_id']}",
            f"/cases/{seeded['case_id']}",
            "/cameras/find",
            "/devices",
            "/notifications",
        ]
        owner_pages = [
            "/reviews",
            "/home/counts",
            "/admin/cameras",
            "/admin/cameras/new",
            f"/admin/cameras/{seeded['camera_id']}/edit",
            "/admin/camera-groups",
            "/admin/cameras/import",
            "/admin/request-settings",
            "/admin/request-form",
            "/account/security",
        ]
        results = {}
        for email, pages in (
            (seeded["email"], investigator_pages),
            (seeded["owner_email"], owner_pages),
        ):
            browser = signed_in_browser(stack["web_url"], email)
            try:
                who = "investigator" if email == seeded["email"] else "owner"
                results |= {f"{who} {p}": measure(browser, p, args.samples) for p in pages}
            finally:
                browser.close()
    report = {
        "target_p95_ms": TARGET_P95_MS,
        "samples": args.samples,
        "requests_seeded": args.requests,
        "pages": results,
        "load_average_1_5_15": [round(load, 2) for load in os.getloadavg()],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web-pages.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

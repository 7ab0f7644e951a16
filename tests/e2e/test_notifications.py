"""In-app notifications through the gateway, on the whole stack: a request to another
organization's camera lands in its approvers' trays (and only theirs), the live stream tells
of it, marking read is one's own business, and another user's notification answers 404."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from .conftest import login, wait_until
from .helpers import call, is_problem
from .web_people import new_camera, new_person, new_person_in_new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(600)]  # may start the stack
API = "/api/v1/notifications"


def _window() -> dict[str, str]:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return {"start": (end - timedelta(minutes=10)).isoformat(), "end": end.isoformat()}


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_person_in_new_org(gateway, root, "Harbor", "Hana Admin", ["org_admin"])
    harbor = admin["org_id"]
    people = {
        "admin": admin,
        "ann": new_person(gateway, root, harbor, "Ann Approver", ["approver"]),
        "bob": new_person(gateway, root, harbor, "Bob Approver", ["approver"]),
        "ivy": new_person_in_new_org(gateway, root, "Metro", "Ivy Investigator", ["investigator"]),
    }
    return people | {"camera": new_camera(gateway, admin["headers"])}


def _submit(client: httpx.Client, people: dict[str, Any]) -> dict[str, Any]:
    body = {
        "incident_number": f"N-{datetime.now(UTC):%H%M%S%f}",
        "line_items": [{"camera_id": people["camera"]["id"], **_window()}],
    }
    return dict(call(client, "POST", "/api/v1/requests", people["ivy"]["headers"], body, 201))


def _tray(client: httpx.Client, person: dict[str, Any], **params: Any) -> dict[str, Any]:
    return dict(call(client, "GET", API, person["headers"], params=params))


def _first_event(client: httpx.Client, headers: dict[str, str], seen: list[int]) -> None:
    """Reads the stream's `unread` events into ``seen`` until two have come."""
    with client.stream("GET", f"{API}/stream", headers=headers, timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                seen.append(json.loads(line[6:])["unread"])
                if len(seen) == 2:
                    return


def test_a_request_reaches_each_approver_live_and_marking_read_is_ones_own(
    gateway: httpx.Client, people: dict[str, Any]
) -> None:
    ann, bob, ivy = people["ann"], people["bob"], people["ivy"]
    before = call(gateway, "GET", f"{API}/unread-count", ann["headers"])["unread"]
    seen: list[int] = []
    listener = threading.Thread(target=_first_event, args=(gateway, ann["headers"], seen))
    listener.start()
    wait_until(lambda: seen, timeout=30, what="the stream's first count")
    sent = time.monotonic()
    request = _submit(gateway, people)

    listener.join(timeout=60)
    assert seen == [before, before + 1]  # the stream told of the new notification
    print(f"\nsubmitted to the stream's new count: {time.monotonic() - sent:.2f} s")
    tray = _tray(gateway, ann, unread="true")
    [notice] = [n for n in tray["items"] if n["link"] == f"/requests/{request['id']}"]
    assert notice["kind"] == "review_requested" and notice["read_at"] is None
    assert notice["title"] == f"Video request {request['incident_number']} needs your review"
    assert tray["unread"] == before + 1
    bobs = wait_until(lambda: _tray(gateway, bob)["items"], what="Bob's notification")
    assert _tray(gateway, ivy)["items"] == []  # the requester is told nothing yet

    # Bob, Ivy and Harbor's admin cannot touch Ann's notification: 404, and it stays unread.
    for other in (bob, ivy, people["admin"]):
        refused = gateway.post(f"{API}/{notice['id']}/read", headers=other["headers"])
        assert is_problem(refused, 404), refused.text
    assert _tray(gateway, ann, unread="true")["unread"] == before + 1

    read = call(gateway, "POST", f"{API}/{notice['id']}/read", ann["headers"])
    assert read["read_at"] is not None
    assert _tray(gateway, ann, unread="false")["items"][0]["id"] == notice["id"]
    marked = call(gateway, "POST", f"{API}/read-all", ann["headers"])
    assert marked["marked"] == before
    assert call(gateway, "GET", f"{API}/unread-count", ann["headers"]) == {"unread": 0}
    assert _tray(gateway, bob)["unread"] == len(bobs)  # Bob's are still unread


def test_paging_and_refusals(gateway: httpx.Client, people: dict[str, Any]) -> None:
    ann = people["ann"]
    _submit(gateway, people)
    wait_until(lambda: _tray(gateway, ann)["total"] >= 2, what="two notifications")
    total = _tray(gateway, ann)["total"]
    first, second = (_tray(gateway, ann, limit=1, offset=o)["items"] for o in (0, 1))
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    assert first[0]["created_at"] >= second[0]["created_at"]  # newest first
    assert _tray(gateway, ann, limit=1)["total"] == total
    assert gateway.get(API, params={"limit": 0}, headers=ann["headers"]).status_code == 422
    assert gateway.get(API).status_code == 401
    assert gateway.get(f"{API}/stream").status_code == 401
    missing = gateway.post(
        f"{API}/00000000-0000-0000-0000-000000000000/read", headers=ann["headers"]
    )
    assert is_problem(missing, 404)

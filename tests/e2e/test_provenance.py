"""Provenance, bulk evidence changes and case paging through the public API (decision 0036).

A request's video carries its source camera, device, channel, window and position; the case
made for it carries the incident; the camera owner lists what it exported and nothing of the
case. Bulk tag and category changes are all or nothing, and a case list pages by cursor."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from .conftest import login
from .deliveries import CAMERA_NAME, CAMERA_POINT, deliver
from .helpers import (
    PASSWORD,
    audit_entry,
    call,
    is_problem,
    new_case,
    new_org,
    tus_upload,
    wait_for_items,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_org(gateway, root, "Quay Mall", {"admin": ["org_admin"], "approver": ["approver"]})
    police = new_org(
        gateway, root, "Quay PD", {"investigator": ["investigator"], "admin": ["org_admin"]}
    )
    other = new_org(gateway, root, "Far PD", {"investigator": ["investigator"]})

    def session(org: dict[str, Any], key: str) -> dict[str, str]:
        return login(gateway, org["users"][key]["email"], PASSWORD)

    return {
        "owner_admin": session(owner, "admin"),
        "approver": session(owner, "approver"),
        "investigator": session(police, "investigator"),
        "police_admin": session(police, "admin"),
        "investigator_id": police["users"]["investigator"]["id"],
        "outsider": session(other, "investigator"),
        "police_org": police["org"]["id"],
    }


@pytest.fixture(scope="module")
def delivered(stack: dict[str, Any], gateway: httpx.Client, people: dict[str, Any]) -> Any:
    return deliver(
        stack, gateway, people["owner_admin"], people["approver"], people["investigator"]
    )


def test_delivered_video_carries_its_source(
    gateway: httpx.Client, people: dict[str, Any], delivered: dict[str, Any]
) -> None:
    line = delivered["request"]["line_items"][0]
    me = people["investigator"]
    item = call(gateway, "GET", f"/api/v1/evidence/{line['evidence_id']}", me)
    assert item["camera_id"] == delivered["camera_id"]
    assert item["device_id"] == delivered["device_id"]
    assert item["camera_name"] == CAMERA_NAME
    assert item["channel"] == 2
    assert (item["latitude"], item["longitude"]) == pytest.approx(CAMERA_POINT)
    sent = delivered["sent"]["line_items"][0]
    assert datetime.fromisoformat(item["capture_start"]) == datetime.fromisoformat(sent["start"])
    assert datetime.fromisoformat(item["capture_end"]) == datetime.fromisoformat(sent["end"])
    listed = call(gateway, "GET", f"/api/v1/cases/{line['case_id']}/evidence", me)["items"]
    assert [(i["camera_name"], i["channel"]) for i in listed] == [(CAMERA_NAME, 2)]


def test_the_case_of_a_request_carries_its_incident(
    gateway: httpx.Client, people: dict[str, Any], delivered: dict[str, Any]
) -> None:
    line = delivered["request"]["line_items"][0]
    case = call(gateway, "GET", f"/api/v1/cases/{line['case_id']}", people["investigator"])
    assert case["number"] == delivered["sent"]["incident_number"]
    assert case["incident_type"] == "Burglary"
    assert datetime.fromisoformat(case["incident_at"]) == delivered["incident_at"]
    assert case["incident_location"] == "45.501700, -73.567300"
    assert case["description"] == "Forced door at the loading dock"


def test_the_owner_lists_its_exports_but_not_the_case(
    gateway: httpx.Client, people: dict[str, Any], delivered: dict[str, Any]
) -> None:
    line = delivered["request"]["line_items"][0]
    for who in ("owner_admin", "approver"):
        found = call(gateway, "GET", "/api/v1/exports", people[who])["items"]
        mine = [e for e in found if e["line_item_id"] == line["id"]]
        assert len(mine) == 1, found
        export = mine[0]
        assert export["camera_id"] == delivered["camera_id"]
        assert export["camera_name"] == CAMERA_NAME
        assert export["request_id"] == delivered["request"]["id"]
        assert export["requester_org_id"] == people["police_org"]
        assert export["status"] == "completed" and export["channel"] == 2
        assert [f["sha256"] for f in export["files"]] == [delivered["sha256"]]
    case = gateway.get(f"/api/v1/cases/{line['case_id']}", headers=people["approver"])
    assert is_problem(case, 404)
    for who in ("investigator", "outsider"):
        refused = gateway.get("/api/v1/exports", headers=people[who])
        assert is_problem(refused, 403), refused.text
    bad = gateway.get("/api/v1/exports", headers=people["owner_admin"], params={"cursor": "x"})
    assert bad.status_code in (400, 422)


def _two_items(stack: dict[str, Any], gateway: httpx.Client, me: dict[str, str]) -> Any:
    case = new_case(gateway, me)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", me, {}, 201)
    for name in ("one.txt", "two.txt"):
        tus_upload(grant["tus_url"], grant["token"], name.encode() * 50, name, "text/plain")
    return case, wait_for_items(gateway, me, case["id"], 2)


def test_bulk_changes_are_all_or_nothing(
    stack: dict[str, Any], gateway: httpx.Client, people: dict[str, Any]
) -> None:
    me = people["investigator"]
    policy = "/api/v1/retention-policies/homicide"
    call(gateway, "PUT", policy, people["police_admin"], {"days": 3650})
    case, items = _two_items(stack, gateway, me)
    ids = [i["id"] for i in items]
    bulk = f"/api/v1/cases/{case['id']}/evidence/bulk"
    body = {"evidence_ids": ids, "add_tags": ["Night", "dock"], "category": "homicide"}
    changed = call(gateway, "POST", bulk, me, body)
    assert changed["count"] == 2
    assert all(i["tags"] == ["night", "dock"] and i["categories"] == ["homicide"]
               for i in changed["items"])  # fmt: skip
    removed = call(gateway, "POST", bulk, me, {"evidence_ids": ids[:1], "remove_tags": ["dock"]})
    assert removed["items"][0]["tags"] == ["night"]

    _, other_items = _two_items(stack, gateway, me)
    mixed = {"evidence_ids": [ids[1], other_items[0]["id"]], "add_tags": ["mixed"]}
    refused = gateway.post(bulk, headers=me, json=mixed)
    assert is_problem(refused, 404) and other_items[0]["id"] in refused.json()["detail"]
    unknown = gateway.post(bulk, headers=me, json={"evidence_ids": ids, "category": "nope"})
    assert is_problem(unknown, 400) and "category" in unknown.json()["detail"]
    for item_id in ids:  # nothing changed by the refused calls
        tags = call(gateway, "GET", f"/api/v1/evidence/{item_id}", me)["tags"]
        assert "mixed" not in tags
    assert call(gateway, "GET", f"/api/v1/evidence/{ids[1]}", me)["tags"] == ["night", "dock"]

    cross = {"evidence_ids": ids[:1], "add_tags": ["x"]}
    assert is_problem(gateway.post(bulk, headers=people["outsider"], json=cross), 404)
    for item_id in ids:  # one audit record per item
        audit_entry(gateway, me, item_id, "evidence.updated", people["investigator_id"])


def test_cases_page_by_cursor(gateway: httpx.Client, people: dict[str, Any]) -> None:
    me = people["outsider"]
    tag = uuid.uuid4().hex[:8]
    made = [new_case(gateway, me, tags=[tag])["id"] for _ in range(5)]
    seen: list[str] = []
    cursor = ""
    while True:
        params = {"tag": tag, "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = call(gateway, "GET", "/api/v1/cases", me, params=params)
        assert page["total"] == 5 and page["count"] <= 2
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"] or ""
        if not cursor:
            break
    assert seen == list(reversed(made))  # newest first, each once
    bad = gateway.get("/api/v1/cases", headers=me, params={"cursor": "not-a-cursor"})
    assert bad.status_code in (400, 422)

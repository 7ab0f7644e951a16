"""The camera registry through the public API: the owner's paths, what others may see, and
bad input answered with problem+json while nothing is stored."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

import httpx
import pytest
from PIL import Image

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "correct horse battery staple"
POINT = (48.8566, 2.3522)
PROBLEM = "application/problem+json"


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code} {response.text}"
    return response.json()


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"]
    return body


def _org(client: httpx.Client, admin: dict[str, str], name: str) -> dict[str, Any]:
    org = _ok(
        client.post("/api/v1/orgs", json={"name": f"{name} {uuid.uuid4().hex[:6]}"}, headers=admin),
        201,
    )
    email = f"admin.{uuid.uuid4().hex[:8]}@{name.lower()}.example"
    body = {"email": email, "password": PASSWORD, "display_name": name, "roles": ["org_admin"]}
    _ok(client.post(f"/api/v1/orgs/{org['id']}/users", json=body, headers=admin), 201)
    return {"id": org["id"], "s": login(client, email, PASSWORD)}


@pytest.fixture(scope="module")
def orgs(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, dict[str, Any]]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    return {name: _org(gateway, admin, name) for name in ("Owner", "Partner", "Outsider")}


def _camera(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Museum entrance",
        "kind": "ptz",
        "latitude": POINT[0],
        "longitude": POINT[1],
        "address": "1 Rue de Rivoli",
        "heading": 180,
        "field_of_view": 90,
        "contact": "security@museum.example",
        "retention_days": 30,
        **changes,
    }


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def _search(client: httpx.Client, session: dict[str, str], **params: Any) -> dict[str, Any]:
    return _ok(client.get("/api/v1/cameras/search", params=params, headers=session))  # type: ignore[no-any-return]


def test_owner_publishes_changes_groups_and_retires(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    owner, partner, outsider = orgs["Owner"], orgs["Partner"], orgs["Outsider"]
    connector = {"name": "Museum VMS", "kind": "vms", "channels": 1}
    connector["vms_base_url"] = "watch-folder://museum"
    device = _ok(gateway.post("/api/v1/devices", json=connector, headers=owner["s"]), 201)
    vms = {"vms_device_id": device["device"]["id"], "vms_camera_ref": "SC:cam-17"}
    camera = _ok(gateway.post("/api/v1/cameras", json=_camera(**vms), headers=owner["s"]), 201)
    assert (camera["vms_camera_ref"], camera["heading"], camera["status"]) == (
        "SC:cam-17",
        180,
        "active",
    )

    shared = _camera(visibility="partners", partner_org_ids=[partner["id"]], **vms)
    updated = _ok(gateway.put(f"/api/v1/cameras/{camera['id']}", json=shared, headers=owner["s"]))
    assert updated["partner_org_ids"] == [partner["id"]]
    seen = _ok(gateway.get(f"/api/v1/cameras/{camera['id']}", headers=partner["s"]))
    assert seen["contact"] is None and seen["vms_camera_ref"] is None  # the owner's business
    _problem(gateway.get(f"/api/v1/cameras/{camera['id']}", headers=outsider["s"]), 404)
    _problem(
        gateway.put(f"/api/v1/cameras/{camera['id']}", json=_camera(), headers=outsider["s"]), 404
    )
    _problem(gateway.post(f"/api/v1/cameras/{camera['id']}/retire", headers=outsider["s"]), 404)
    near = {"latitude": POINT[0], "longitude": POINT[1], "radius_m": 200}
    assert camera["id"] in {h["id"] for h in _search(gateway, partner["s"], **near)["items"]}
    assert camera["id"] not in {h["id"] for h in _search(gateway, outsider["s"], **near)["items"]}

    group = _ok(
        gateway.post("/api/v1/camera-groups", json={"name": "Galleries"}, headers=owner["s"]), 201
    )
    body = {"camera_ids": [camera["id"]]}
    _ok(gateway.post(f"/api/v1/camera-groups/{group['id']}/cameras", json=body, headers=owner["s"]))
    [listed] = _ok(gateway.get("/api/v1/camera-groups", headers=owner["s"]))["items"]
    assert (listed["id"], listed["camera_count"]) == (group["id"], 1)
    _problem(
        gateway.post(
            f"/api/v1/camera-groups/{group['id']}/cameras", json=body, headers=outsider["s"]
        ),
        404,
    )

    settings = {
        "export_before_approval": True,
        "sla_hours": 72,
        "auto_approve_org_ids": [partner["id"]],
    }
    saved = _ok(gateway.put("/api/v1/request-settings", json=settings, headers=owner["s"]))
    assert (saved["max_span_hours"], saved["export_before_approval"]) == (12, True)
    assert _ok(gateway.get("/api/v1/request-settings", headers=owner["s"])) == saved

    retired = _ok(gateway.post(f"/api/v1/cameras/{camera['id']}/retire", headers=owner["s"]))
    assert retired["status"] == "retired"
    assert camera["id"] not in {h["id"] for h in _search(gateway, owner["s"], **near)["items"]}
    conflict = _problem(
        gateway.post(f"/api/v1/cameras/{camera['id']}/retire", headers=owner["s"]), 409
    )
    assert conflict["current_state"] == "retired"


def test_search_by_box_text_kind_and_pages(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    owner, outsider = orgs["Owner"], orgs["Outsider"]
    tag = uuid.uuid4().hex[:8]
    ids = []
    for i in range(5):
        body = _camera(name=f"Kiosk {tag} {i}", kind="fixed", latitude=POINT[0] + i * 0.001)
        ids.append(_ok(gateway.post("/api/v1/cameras", json=body, headers=owner["s"]), 201)["id"])
    private = _camera(name=f"Kiosk {tag} back office", kind="fixed", visibility="private")
    hidden = _ok(gateway.post("/api/v1/cameras", json=private, headers=owner["s"]), 201)["id"]
    query = {
        "latitude": POINT[0],
        "longitude": POINT[1],
        "radius_m": 2_000,
        "text": tag.upper(),
        "kind": "fixed",
        "limit": 2,
    }
    pages, cursor = [], None
    while True:
        page = _search(gateway, outsider["s"], **query, **({"cursor": cursor} if cursor else {}))
        pages.append(page["items"])
        if not (cursor := page["next_cursor"]):
            break
    found = [hit["id"] for items in pages for hit in items]
    assert found == ids and len(pages) == 3  # nearest first; the private camera stays hidden
    distances = [hit["distance_m"] for items in pages for hit in items]
    assert distances == sorted(distances)
    box = {
        "min_latitude": POINT[0] - 0.01,
        "min_longitude": POINT[1] - 0.01,
        "max_latitude": POINT[0] + 0.01,
        "max_longitude": POINT[1] + 0.01,
        "text": tag,
    }
    boxed = {hit["id"] for hit in _search(gateway, owner["s"], **box, limit=50)["items"]}
    assert boxed == {*ids, hidden}
    _problem(
        gateway.get(
            "/api/v1/cameras/search", params={"cursor": "garbage", **query}, headers=outsider["s"]
        ),
        400,
    )


def test_request_forms_are_versioned(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    owner, outsider = orgs["Owner"], orgs["Outsider"]
    fields = [{"key": "case_number", "label": "Case number", "type": "text", "required": True}]
    v1 = _ok(
        gateway.post(
            "/api/v1/request-forms",
            json={"title": "Video request", "fields": fields},
            headers=owner["s"],
        ),
        201,
    )
    more = [
        *fields,
        {"key": "urgency", "label": "Urgency", "type": "single_select", "options": ["low", "high"]},
    ]
    v2 = _ok(
        gateway.post(
            "/api/v1/request-forms",
            json={"title": "Video request", "fields": more},
            headers=owner["s"],
        ),
        201,
    )
    assert (v1["version"], v2["version"]) == (1, 2)
    current = _ok(gateway.get(f"/api/v1/orgs/{owner['id']}/request-form", headers=outsider["s"]))
    assert current["id"] == v2["id"]
    old = _ok(
        gateway.get(
            f"/api/v1/orgs/{owner['id']}/request-form/versions/{v1['id']}", headers=outsider["s"]
        )
    )
    assert old["fields"] == v1["fields"]
    bad = {"title": "x", "fields": [{"key": "pick", "label": "Pick", "type": "single_select"}]}
    assert (
        "options"
        in _problem(gateway.post("/api/v1/request-forms", json=bad, headers=owner["s"]), 400)[
            "detail"
        ]
    )
    assert len(_ok(gateway.get("/api/v1/request-forms", headers=owner["s"]))["items"]) == 2


def test_thumbnails(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    owner, outsider = orgs["Owner"], orgs["Outsider"]
    camera = _ok(gateway.post("/api/v1/cameras", json=_camera(), headers=owner["s"]), 201)
    path = f"/api/v1/cameras/{camera['id']}/thumbnail"
    _problem(gateway.get(path, headers=outsider["s"]), 404)
    disguised = {"file": ("view.jpg", b"I am a text file, honest", "image/jpeg")}
    assert (
        "not a JPEG"
        in _problem(gateway.put(path, files=disguised, headers=owner["s"]), 400)["detail"]
    )
    huge = {"file": ("view.png", b"\x89PNG" + b"\0" * (3 * 1024 * 1024), "image/png")}
    _problem(gateway.put(path, files=huge, headers=owner["s"]), 413)
    _problem(gateway.get(path, headers=owner["s"]), 404)  # nothing was stored
    updated = _ok(
        gateway.put(
            path, files={"file": ("view.png", _png(800, 600), "image/png")}, headers=owner["s"]
        )
    )
    assert updated["has_thumbnail"] is True
    served = gateway.get(path, headers=outsider["s"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.content)) as image:
        assert (image.format, image.size) == ("JPEG", (640, 360))
    _problem(
        gateway.put(
            path, files={"file": ("v.png", _png(10, 10), "image/png")}, headers=outsider["s"]
        ),
        404,
    )


def test_bulk_import_and_export(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    owner = orgs["Outsider"]  # an org of its own: the export holds only these rows
    tag = uuid.uuid4().hex[:8]
    good = (
        "name,kind,latitude,longitude,address\n"
        f"Door {tag},doorbell,48.85,2.35,1 Rue A\nYard {tag},fixed,48.851,2.351,\n"
    )
    bad = good + "Roof,drone,95,2.35,\nSide,fixed,48.85,east,\n"
    # the JSON API's text rules hold in a file too: each is a bad row on its line
    bad += "Mirror \u202eexe.gpj,fixed,48.85,2.35,\nLob\x00by,fixed,48.85,2.35,\n"
    files = {"file": ("cameras.csv", bad.encode(), "text/csv")}
    dry = _ok(
        gateway.post(
            "/api/v1/cameras/import", params={"dry_run": True}, files=files, headers=owner["s"]
        )
    )
    assert [(p["line"], p["reason"].split(" ")[0]) for p in dry["problems"]] == [
        (4, "kind"),
        (4, "latitude"),
        (5, "longitude"),
        (6, "name"),
        (7, "name"),
    ]
    refused = _problem(gateway.post("/api/v1/cameras/import", files=files, headers=owner["s"]), 422)
    assert [e["line"] for e in refused["errors"]] == [4, 4, 5, 6, 7]
    malformed = {"file": ("c.csv", b'name,kind,latitude,longitude\n"Gate,fixed,1,1\n', "text/csv")}
    assert (
        "malformed CSV"
        in _problem(
            gateway.post("/api/v1/cameras/import", files=malformed, headers=owner["s"]), 422
        )["errors"][0]["reason"]
    )
    exported = gateway.get(
        "/api/v1/cameras/export", params={"format": "geojson"}, headers=owner["s"]
    )
    assert (
        exported.status_code == 200 and json.loads(exported.content)["features"] == []
    )  # nothing stored

    done = _ok(
        gateway.post(
            "/api/v1/cameras/import",
            files={"file": ("c.csv", good.encode(), "text/csv")},
            headers=owner["s"],
        )
    )
    assert len(done["camera_ids"]) == 2
    exported = gateway.get("/api/v1/cameras/export", headers=owner["s"])
    assert exported.headers["content-type"].startswith("text/csv")
    assert f"Door {tag}" in exported.text and f"Yard {tag}" in exported.text


def test_wrong_coordinates_and_roles(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    owner = orgs["Owner"]
    for wrong in ({"latitude": 91}, {"longitude": -180.5}, {"heading": 361}, {"kind": "drone"}):
        body = _problem(
            gateway.post("/api/v1/cameras", json=_camera(**wrong), headers=owner["s"]), 422
        )
        assert body["errors"][0]["loc"][-1] == next(iter(wrong))
    both = _camera(device_id=str(uuid.uuid4()), vms_device_id=str(uuid.uuid4()), vms_camera_ref="x")
    assert (
        "not both"
        in _problem(gateway.post("/api/v1/cameras", json=both, headers=owner["s"]), 400)["detail"]
    )
    _problem(gateway.get("/api/v1/cameras/search", params={"latitude": 1, "longitude": 1}), 401)

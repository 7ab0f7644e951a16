"""Disclosure packages through the public API: ask for one from evidence on a case (202, built
in the background: progress, then ready), download it, check it offline with the standalone
`custody-verify` (and watch it fail when tampered), have
the recipient acknowledge it once; other organizations and view-only users get nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import login, wait_until
from .helpers import (
    MIB,
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
def disclosure_world(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(gateway, admin, "Disclosing PD", {"lead": ["investigator"]})
    partner = new_org(gateway, admin, "Viewing DA", {"viewer": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    files = {"scene.bin": os.urandom(MIB + 777), "statement.txt": b"I saw it.\n" * 50}
    for name, data in files.items():
        tus_upload(grant["tus_url"], grant["token"], data, name, "application/octet-stream")
    items = wait_for_items(gateway, lead, case["id"], 2)
    for item in items:  # the ledger catches up asynchronously; a package holds what it has
        wait_until(
            lambda i=item: call(
                gateway, "GET", "/api/v1/audit/records", lead, params={"object_id": i["id"]}
            )["items"],
            timeout=60,
            what=f"ledger entries of {item['id']}",
        )
    return {"metro": metro, "partner": partner, "case": case, "items": items, "files": files}


def create(gateway: httpx.Client, headers: dict[str, str], case_id: str, ids: list[str]) -> Any:
    body = {"evidence_ids": ids, "recipient_name": "County Court", "note": "Exhibits 1-2"}
    return gateway.post(f"/api/v1/cases/{case_id}/disclosures", json=body, headers=headers)


def wait_ready(gateway: httpx.Client, headers: dict[str, str], disclosure_id: str) -> Any:
    def ready() -> Any:
        found = call(gateway, "GET", f"/api/v1/disclosures/{disclosure_id}", headers)
        assert found["state"] != "failed", found
        return found if found["state"] == "ready" else None

    return wait_until(ready, timeout=180, what=f"disclosure {disclosure_id} ready")


def verify(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "custody_verify", str(path), *options],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def package(
    gateway: httpx.Client,
    disclosure_world: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    lead = disclosure_world["metro"]["users"]["lead"]["headers"]
    case, items = disclosure_world["case"], disclosure_world["items"]
    created = create(gateway, lead, case["id"], [i["id"] for i in items])
    assert created.status_code == 202, created.text
    disclosure = created.json()
    assert disclosure["state"] == "building" and disclosure["sha256"] is None
    assert disclosure["progress"]["items_total"] == 2
    assert disclosure["progress"]["bytes_total"] == sum(i["size"] for i in items)
    early = gateway.get(f"/api/v1/disclosures/{disclosure['id']}/download", headers=lead)
    assert early.status_code in (200, 409), early.text  # 409 while it is still building
    ready = wait_ready(gateway, lead, disclosure["id"])
    assert ready["progress"]["items_done"] == 2
    assert ready["progress"]["bytes_done"] == ready["progress"]["bytes_total"]
    listed = call(gateway, "GET", f"/api/v1/cases/{case['id']}/disclosures", lead)["items"]
    assert [d["id"] for d in listed] == [disclosure["id"]] and listed[0]["state"] == "ready"
    disclosure = {**ready, "acknowledgement_token": disclosure["acknowledgement_token"]}
    download = gateway.get(f"/api/v1/disclosures/{disclosure['id']}/download", headers=lead)
    assert download.status_code == 200, download.text
    assert hashlib.sha256(download.content).hexdigest() == disclosure["sha256"]
    path = tmp_path_factory.mktemp("disclosure") / "package.zip"
    path.write_bytes(download.content)
    return {"disclosure": disclosure, "path": path}


def test_the_package_holds_the_originals_and_verifies_offline(
    disclosure_world: dict[str, Any], package: dict[str, Any]
) -> None:
    result = verify(package["path"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" in result.stderr  # no pinned key: it trusted the one inside
    with zipfile.ZipFile(package["path"]) as archive:
        key_id = json.loads(archive.read("manifest.json"))["signing_key_id"]
    pinned = verify(package["path"], "--key-id", key_id, "--require-pin")
    assert pinned.returncode == 0 and "WARNING" not in pinned.stderr, pinned.stdout
    wrong = verify(package["path"], "--key-id", "0" * len(key_id))
    assert wrong.returncode == 1 and "expected" in wrong.stdout
    unpinned = verify(package["path"], "--require-pin")
    assert unpinned.returncode == 2, unpinned.stdout + unpinned.stderr
    with zipfile.ZipFile(package["path"]) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        by_name = {i["filename"]: i for i in manifest["items"]}
        for name, data in disclosure_world["files"].items():
            listed = by_name[name]
            assert archive.read(listed["path"]) == data
            assert (listed["sha256"], listed["size"]) == (
                hashlib.sha256(data).hexdigest(),
                len(data),
            )
            trail = json.loads(archive.read(listed["audit_trail"]))
            actions = [json.loads(e["canonical"])["action"] for e in trail["entries"]]
            assert actions and actions[0].startswith("evidence.")
        receipt = archive.read("receipt.html").decode()
        assert (
            "County Court" in receipt and package["disclosure"]["acknowledgement_token"] in receipt
        )
        # The stack runs the web app: the receipt links its acknowledgement page.
        token = package["disclosure"]["acknowledgement_token"]
        assert re.search(rf'href="http[^"]+/d/{re.escape(token)}"', receipt), receipt
        assert {"tree_head.json", "public_key.pem", "manifest.sig"} <= set(archive.namelist())


@pytest.mark.parametrize(
    "member", ["file", "manifest.json", "audit", "manifest.sig", "tree_head.json"]
)
def test_a_tampered_package_names_what_failed(
    package: dict[str, Any], tmp_path: Path, member: str
) -> None:
    with zipfile.ZipFile(package["path"]) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(n for n in members if n.startswith("files/")) if member == "file" else member
    if member == "audit":
        name = next(n for n in members if n.startswith("audit/"))
    data = members[name]
    at = len(data) // 2
    members[name] = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for path, content in members.items():
            archive.writestr(path, content)
    result = verify(tampered)
    assert result.returncode == 1 and "FAILED" in result.stdout
    named = "manifest.json" if member == "manifest.sig" else name
    assert named in result.stdout, result.stdout


def test_the_recipient_acknowledges_once(
    gateway: httpx.Client, disclosure_world: dict[str, Any], package: dict[str, Any]
) -> None:
    lead_user = disclosure_world["metro"]["users"]["lead"]
    disclosure = package["disclosure"]
    token = disclosure["acknowledgement_token"]
    form = {"token": token, "name": "Clerk of the County Court"}
    acknowledged = gateway.post("/api/v1/disclosures/acknowledge", data=form)  # no account
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["acknowledged_by"] == "Clerk of the County Court"
    again = gateway.post("/api/v1/disclosures/acknowledge", data=form)
    assert is_problem(again, 409)
    wrong = gateway.post("/api/v1/disclosures/acknowledge", data={**form, "token": "x" * 43})
    assert is_problem(wrong, 404)
    lead = lead_user["headers"]
    shown = call(gateway, "GET", f"/api/v1/disclosures/{disclosure['id']}", lead)
    assert shown["acknowledged_by"] == "Clerk of the County Court" and shown["acknowledged_at"]
    assert "acknowledgement_token" not in shown
    entry = audit_entry(
        gateway, lead, disclosure["id"], "disclosure.acknowledged", "Clerk of the County Court"
    )
    assert entry["actor_type"] == "public"
    audit_entry(gateway, lead, disclosure["id"], "disclosure.requested", lead_user["id"])
    audit_entry(gateway, lead, disclosure["id"], "disclosure.created", lead_user["id"])


def test_other_organizations_and_view_only_users_get_nothing(
    gateway: httpx.Client, disclosure_world: dict[str, Any], package: dict[str, Any]
) -> None:
    lead = disclosure_world["metro"]["users"]["lead"]["headers"]
    viewer = disclosure_world["partner"]["users"]["viewer"]
    case, items = disclosure_world["case"], disclosure_world["items"]
    disclosure_id = package["disclosure"]["id"]
    them = viewer["headers"]
    assert is_problem(gateway.get(f"/api/v1/disclosures/{disclosure_id}", headers=them), 404)
    assert is_problem(
        gateway.get(f"/api/v1/disclosures/{disclosure_id}/download", headers=them), 404
    )
    assert is_problem(create(gateway, them, case["id"], [items[0]["id"]]), 404)
    listing = gateway.get(f"/api/v1/cases/{case['id']}/disclosures", headers=them)
    assert is_problem(listing, 404)

    body = {"grantee_type": "user", "grantee_id": viewer["id"], "permission": "view"}
    call(gateway, "POST", f"/api/v1/cases/{case['id']}/grants", lead, body, 201)
    assert is_problem(create(gateway, them, case["id"], [items[0]["id"]]), 403)

    other_case = new_case(gateway, lead)
    assert is_problem(create(gateway, lead, other_case["id"], [items[0]["id"]]), 400)
    assert is_problem(create(gateway, lead, case["id"], []), 422)

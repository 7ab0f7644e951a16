"""A backup of the running stack, restored into an empty one (docs/operations/backup.md):
its key files come back byte for byte, the ledger verifies there, every object's sha256
matches, people sign in with their own passwords and read their evidence. A restore over
data that exists is refused."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import login, running_stack
from .helpers import PASSWORD, call, new_case, tus_upload, wait_for_items
from .web_people import new_person_in_new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1200)]

CUSTODY = str(Path(sys.executable).parent / "custody")
KEY_FILES = ("ledger-signing-key.pem", "c2pa-ca-key.pem")


def _admin(*argv: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [CUSTODY, "admin", *argv, "--json"], capture_output=True, text=True, timeout=900
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def empty_data_dir() -> Iterator[Path]:
    # Outside pytest's tmp dir, as for the session's stack: Postgres runs as its own user.
    path = Path(tempfile.mkdtemp(prefix="custody-restore-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _evidence(gateway: httpx.Client, stack: dict[str, Any]) -> dict[str, Any]:
    """A case with a clip and a note in it, under legal hold (a lock on their objects)."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Backup PD", "Ana Ruiz", ["investigator"])
    case = new_case(gateway, ana["headers"])
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", ana["headers"], {}, 201)
    for name, data in (("a.bin", b"evidence " * 50_000), ("b.txt", b"a note")):
        tus_upload(grant["tus_url"], grant["token"], data, name, "application/octet-stream")
    items = wait_for_items(gateway, ana["headers"], case["id"], 2)
    hold = {"on": True, "reason": "litigation"}
    call(gateway, "PUT", f"/api/v1/cases/{case['id']}/legal-hold", ana["headers"], hold)
    call(gateway, "POST", "/api/v1/audit/tree-heads", admin, None, 201)
    return {"ana": ana, "case": case, "items": items}


def test_a_backup_restores_into_an_empty_stack_that_verifies(
    stack: dict[str, Any], gateway: httpx.Client, tmp_path: Path, empty_data_dir: Path
) -> None:
    source = _evidence(gateway, stack)
    stack_json = Path(stack["mail_dir"]).parent / "stack.json"
    saved_dir = tmp_path / "backup"
    status, saved = _admin("backup", str(saved_dir), "--stack", str(stack_json))
    assert status == 0, saved
    assert saved["objects"] >= 2
    for key in KEY_FILES:
        assert (saved_dir / key).stat().st_mode & 0o77 == 0, key

    status, restored = _admin("restore", str(saved_dir), "--data-dir", str(empty_data_dir))
    assert status == 0, restored
    assert restored["objects"] == saved["objects"]
    for key in KEY_FILES:  # the same CA signs new redacted copies as before (decision 0049)
        assert (empty_data_dir / key).read_bytes() == (stack_json.parent / key).read_bytes(), key
        assert (empty_data_dir / key).stat().st_mode & 0o777 == 0o600, key
    # Again into the same place: refused, nothing touched.
    status, again = _admin("restore", str(saved_dir), "--data-dir", str(empty_data_dir))
    assert status == 1 and "not empty" in again["error"], again

    with running_stack(empty_data_dir) as copy:
        status, report = _admin("verify-ledger", "--stack", str(empty_data_dir / "stack.json"))
        assert status == 0 and report["ok"] and report["tree_head_id"] is not None, report
        with httpx.Client(base_url=copy["gateway_url"], timeout=60) as restored_gateway:
            ana = login(restored_gateway, source["ana"]["email"], PASSWORD)
            case_id = source["case"]["id"]
            call(restored_gateway, "GET", f"/api/v1/cases/{case_id}", ana)
            for item in source["items"]:
                got = restored_gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=ana)
                assert got.status_code == 200, got.text
                assert hashlib.sha256(got.content).hexdigest() == item["sha256"]


def test_a_tampered_backup_is_refused_before_anything_is_written(
    stack: dict[str, Any], tmp_path: Path, empty_data_dir: Path
) -> None:
    stack_json = Path(stack["mail_dir"]).parent / "stack.json"
    saved_dir = tmp_path / "backup"
    assert _admin("backup", str(saved_dir), "--stack", str(stack_json))[0] == 0
    dump = saved_dir / "database.dump"
    tampered = bytearray(dump.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    dump.write_bytes(bytes(tampered))
    status, refused = _admin("restore", str(saved_dir), "--data-dir", str(empty_data_dir))
    assert status == 1 and "does not match" in refused["error"], refused
    assert not any((empty_data_dir / key).exists() for key in KEY_FILES)

"""Rotating the keys without downtime (decision 0046), as an operator does it with
`custody admin`: a token issued before a JWT key rotation keeps working and new tokens name
the new key; after a ledger key rotation new heads carry the new key id, heads signed by
either key verify (verify-ledger, and by hand with the published keys); a backup made after
both rotations restores into a stack whose ledger verifies and whose tokens name the key."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from .conftest import JWT_KEY_REFRESH_SECONDS, login, running_stack
from .helpers import PASSWORD, call
from .test_ledger import check_head
from .web_people import new_person_in_new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1500)]

CUSTODY = str(Path(sys.executable).parent / "custody")
ME = "/api/v1/users/me"


def _admin(*argv: str) -> tuple[int, dict[str, Any]]:
    # A new JWT key signs from twice the ring refresh of the command's own settings: the
    # stack's (conftest.py), so every gateway has read the key before it signs.
    env = os.environ | {"JWT_KEY_REFRESH_SECONDS": JWT_KEY_REFRESH_SECONDS}
    done = subprocess.run(
        [CUSTODY, "admin", *argv, "--json"], capture_output=True, text=True, timeout=900, env=env
    )
    return done.returncode, json.loads(done.stdout)


def _kid(headers: dict[str, str]) -> str | None:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.get_unverified_header(token).get("kid")


@pytest.fixture(scope="module")
def stack_json(stack: dict[str, Any]) -> Path:
    return Path(stack["mail_dir"]).parent / "stack.json"


@pytest.fixture(scope="module")
def rotated() -> dict[str, Any]:
    """The JWT key rotation the first test makes; the backup test checks it survived."""
    return {}


def test_a_token_from_before_a_jwt_key_rotation_works_and_new_ones_name_the_new_key(
    stack: dict[str, Any], gateway: httpx.Client, stack_json: Path, rotated: dict[str, Any]
) -> None:
    person = new_person_in_new_org(gateway, login_admin(stack, gateway), "Keys PD", "Kim Lee",
                                   ["investigator"])  # fmt: skip
    before = person["headers"]
    first_kid = _kid(before)
    assert first_kid  # the ring's key, not JWT_SECRET's kid-less tokens

    status, done = _admin("rotate-jwt-key", "--stack", str(stack_json))
    assert status == 0, done
    assert done["previous_kid"] == first_kid and done["kid"] != first_kid
    signs_from = datetime.fromisoformat(done["signs_from"])
    assert datetime.fromisoformat(done["previous_retires_at"]) > signs_from
    call(gateway, "GET", ME, before)  # every replica has the new key before it signs

    deadline = time.monotonic() + 120  # twice the ring's refresh interval, then it signs
    after = login(gateway, person["email"], PASSWORD)
    while _kid(after) != done["kid"] and time.monotonic() < deadline:
        time.sleep(1)
        after = login(gateway, person["email"], PASSWORD)
    assert _kid(after) == done["kid"]
    assert call(gateway, "GET", ME, before)["id"] == person["id"]  # still, until it expires
    assert call(gateway, "GET", ME, after)["id"] == person["id"]
    forged = jwt.encode({"sub": person["id"]}, "x" * 32, "HS256", headers={"kid": done["kid"]})
    assert gateway.get(ME, headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    rotated.update(kid=done["kid"], person=person)


def login_admin(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, str]:
    return login(gateway, stack["admin_email"], stack["admin_password"])


def _published(gateway: httpx.Client) -> dict[str, dict[str, Any]]:
    found = gateway.get("/api/v1/audit/public-keys")  # no token: anyone may check heads
    assert found.status_code == 200, found.text
    return {key["key_id"]: key for key in found.json()["items"]}


def _key(published: dict[str, Any]) -> Ed25519PublicKey:
    key = load_pem_public_key(published["public_key_pem"].encode())
    assert isinstance(key, Ed25519PublicKey)
    return key


def test_heads_signed_before_and_after_a_ledger_key_rotation_verify(
    stack: dict[str, Any], gateway: httpx.Client, stack_json: Path
) -> None:
    admin = login_admin(stack, gateway)
    new_person_in_new_org(gateway, admin, "Ledger PD", "Ann Roe", ["investigator"])
    old_head = call(gateway, "POST", "/api/v1/audit/tree-heads", admin, expect=201)

    status, done = _admin("rotate-ledger-key", "--stack", str(stack_json))
    assert status == 0, done
    assert done["previous_key_id"] == old_head["key_id"] != done["key_id"]
    assert done["tree_head"]["key_id"] == done["key_id"]  # signed at once with the new key

    new_person_in_new_org(gateway, admin, "Ledger PD", "Bo Chan", ["investigator"])
    new_head = call(gateway, "POST", "/api/v1/audit/tree-heads", admin, expect=201)
    assert new_head["key_id"] == done["key_id"]
    keys = _published(gateway)
    old, new = keys[old_head["key_id"]], keys[done["key_id"]]
    assert list(keys)[-1] == done["key_id"] and new["valid_until_ms"] is None
    assert old["valid_until_ms"] == new["valid_from_ms"] == done["tree_head"]["timestamp_ms"]
    current = gateway.get("/api/v1/audit/public-key").json()
    assert current["key_id"] == done["key_id"]

    # By hand, with the published keys: the consistency proof's two heads, one per key.
    proof = call(gateway, "GET", "/api/v1/audit/consistency", admin,
                 params={"from_tree_head_id": old_head["id"]})  # fmt: skip
    assert (proof["from_head"]["key_id"], proof["to_head"]["key_id"]) == (
        old_head["key_id"],
        done["key_id"],
    )
    check_head(_key(old), proof["from_head"])
    check_head(_key(new), proof["to_head"])

    status, report = _admin("verify-ledger", "--stack", str(stack_json))
    assert status == 0 and report["ok"], report
    assert report["key_ids"][-2:] == [old_head["key_id"], done["key_id"]]


@pytest.fixture
def empty_data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="custody-restore-keys-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_backup_after_the_rotations_restores_with_every_key(
    stack_json: Path, gateway: httpx.Client, rotated: dict[str, Any], empty_data_dir: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    if not rotated:
        pytest.skip("needs the JWT key rotation of the first test")
    keys = _published(gateway)
    saved = tmp_path / "backup"
    status, made = _admin("backup", str(saved), "--stack", str(stack_json))
    assert status == 0, made
    status, restored = _admin("restore", str(saved), "--data-dir", str(empty_data_dir))
    assert status == 0, restored
    with running_stack(empty_data_dir) as copy:
        status, report = _admin("verify-ledger", "--stack", str(empty_data_dir / "stack.json"))
        assert status == 0 and report["ok"], report
        assert set(report["key_ids"]) == set(keys)  # every key that ever signed a head
        with httpx.Client(base_url=copy["gateway_url"], timeout=60) as restored_gateway:
            assert _published(restored_gateway) == keys
            person = rotated["person"]
            headers = login(restored_gateway, person["email"], PASSWORD)
            assert _kid(headers) == rotated["kid"]  # the ring came with the database
            assert call(restored_gateway, "GET", ME, headers)["id"] == person["id"]

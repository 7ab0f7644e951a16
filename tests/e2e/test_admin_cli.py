"""`custody admin …` run as an operator runs it: the console script, against the stack."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CUSTODY = str(Path(sys.executable).parent / "custody")


def _admin(stack_json: Path, *argv: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [CUSTODY, "admin", *argv, "--stack", str(stack_json), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def stack_json(stack: dict[str, Any]) -> Path:
    """The file `make run` writes, beside the mail the stack keeps in its data directory."""
    return Path(stack["mail_dir"]).parent / "stack.json"


def test_create_an_organization_and_a_user_who_signs_in(
    stack_json: Path, gateway: httpx.Client
) -> None:
    name = f"CLI Police {uuid.uuid4().hex[:6]}"
    status, org = _admin(stack_json, "create-org", name)
    assert status == 0, org
    assert org["name"] == name
    email = f"cli-{uuid.uuid4().hex[:6]}@example.org"
    status, user = _admin(
        stack_json, "create-user", "--org", org["id"], "--email", email, "--name", "Cli User",
        "--role", "investigator", "--role", "approver",
    )  # fmt: skip
    assert status == 0, user
    assert user["roles"] == ["approver", "investigator"]
    me = gateway.get("/api/v1/users/me", headers=login(gateway, email, user["password"]))
    assert me.json()["org_id"] == org["id"]
    status, again = _admin(stack_json, "create-org", name)
    assert status == 1 and "409" in again["error"]


def test_the_whole_ledger_verifies(stack_json: Path, gateway: httpx.Client) -> None:
    status, report = _admin(stack_json, "verify-ledger")
    assert status == 0, report
    assert report["ok"] is True and report["problems"] == []

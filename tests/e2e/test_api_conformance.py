"""Both HTTP APIs answer what their OpenAPI documents say, checked by schemathesis against the
whole stack: no server error, no undocumented status, every body as its schema says
(decision 0015). Bounded and repeatable: a fixed seed, a few examples per operation, the
coverage phase's edge values (integers past their bounds, control characters, ...) and
random fuzzing; run as an org admin of a fresh organization and as a fresh device."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import login
from .helpers import PASSWORD, call, new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1800)]

SEED = 20261207
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
HERE = Path(__file__).parent
# Gateway operations that would end the run's own session or account, and the notifications
# stream, which never ends by itself (tests/e2e/test_notifications.py reads it). A password
# change with wrong passwords locks its account: it has a run (and an account) of its own.
EXCLUDED = ("logout", "deactivate_user", "stream_notifications", "change_my_password")


def schemathesis(
    schema_url: str,
    login: dict[str, str],
    report: Path,
    examples: int,
    excluded: tuple[str, ...] = (),
    only: tuple[str, ...] = (),
) -> Any:
    """Runs the schemathesis CLI; prints its totals and fails on any failure or error."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        schema_url,
        f"--checks={CHECKS}",
        f"--seed={SEED}",
        f"--max-examples={examples}",
        "--phases=examples,coverage,fuzzing",
        "--workers=2",
        "--continue-on-failure",
        "--no-shrink",
        "--generation-database=none",
        "--suppress-health-check=all",
        "--request-timeout=60",
        "--no-color",
        "--report=json",
        f"--report-json-path={report}",
        *(f"--exclude-operation-id={operation}" for operation in excluded),
        *(f"--include-operation-id={operation}" for operation in only),
    ]
    env = os.environ | {
        "SCHEMATHESIS_HOOKS": "conformance_hooks",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        "CONFORMANCE_LOGIN": json.dumps(login),
    }
    done = subprocess.run(
        command, env=env, cwd=report.parent, capture_output=True, text=True, timeout=1500
    )
    assert report.exists(), done.stdout[-4000:] + done.stderr[-4000:]
    found = json.loads(report.read_text())
    cases, failures = found["test_cases"], found["failures"]
    print(f"\n{schema_url}: {cases['generated']} cases, {cases['unique_failures']} failures")
    assert (failures, found["errors"]) == ([], []), done.stdout[-12000:]
    return found


def test_the_gateway_answers_as_its_openapi_document_says(
    stack: dict[str, Any], gateway: httpx.Client, tmp_path: Path
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_org(gateway, root, "Conformance", {"admin": ["org_admin"]})["users"]["admin"]
    account = {"url": stack["gateway_url"], "email": admin["email"], "password": PASSWORD}
    schema = f"{stack['gateway_url']}/api/v1/openapi.json"
    schemathesis(schema, account, tmp_path / "gateway.json", examples=5, excluded=EXCLUDED)


def test_a_password_change_answers_as_the_document_says(
    stack: dict[str, Any], gateway: httpx.Client, tmp_path: Path
) -> None:
    """Alone, as a user of its own: wrong passwords lock that user's account (then 429)."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    user = new_org(gateway, root, "Passwords", {"user": ["investigator"]})["users"]["user"]
    account = {"url": stack["gateway_url"], "email": user["email"], "password": PASSWORD}
    schema = f"{stack['gateway_url']}/api/v1/openapi.json"
    only = ("change_my_password",)
    schemathesis(schema, account, tmp_path / "password.json", examples=10, only=only)


def test_the_device_gateway_answers_as_its_openapi_document_says(
    stack: dict[str, Any], gateway: httpx.Client, tmp_path: Path
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_org(gateway, root, "Devices", {"admin": ["org_admin"]})["users"]["admin"]
    body = {"name": f"Fuzzed {uuid.uuid4().hex[:6]}", "kind": "in_car", "channels": 1}
    created = call(gateway, "POST", "/api/v1/devices", admin["headers"], body, 201)
    url = stack["device_gateway_url"]
    with httpx.Client(base_url=url, timeout=30) as devices:
        code = {"enrollment_code": created["enrollment_code"]}
        enrolled = call(devices, "POST", "/device/v1/enroll", {}, code)
    account = {"url": url, "device_id": enrolled["device_id"], "secret": enrolled["device_secret"]}
    schemathesis(f"{url}/openapi.json", account, tmp_path / "device-gateway.json", examples=10)

"""Another organization's ids, tried through every operation that names an object in its path.

The operations come from the gateway's OpenAPI (/api/v1/openapi.json): every authenticated one
with an object id in its path (`kind`, `category`, `track_id` and `incident_number` name no
object). Org A holds one real object of each kind; each role of org B (org admin,
investigator, approver) calls every such operation with A's ids (`/{kind}/...` once for a
case and once for an item).

What B is answered, by kind:
- 404 for every object of A: organizations and their users, devices, cameras (A's camera is
  shared with a partner that is not B), camera groups, requests and line items, cases,
  evidence, grants, share links, file requests, redaction jobs, disclosures, ledger entries.
  Ids are never confirmed across organizations.
- 403 is also accepted where docs/roles.md says B's role may never do the operation (`no`):
  the gateway refuses such a role before anything is looked up, so it learns nothing of the id.
- Allowed by design, where the table says `yes`: an owner's request form and its versions,
  which any signed-in user reads to fill in a request to that owner, and an organization's
  public card (`GET /orgs/{org_id}`: name and contact, shown with its cameras).

Nothing of A's changes: its objects read the same before and after. Every refusal leaves an
audit record (decision 0018): each refused answer's request id is found in the ledger as an
`access.refused` record naming the operation's path template, its status and the caller.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from .calls import path_values, perform
from .helpers import call, new_org
from .world import API, World, build_world, role_table

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # stack, world, walk

B_ROLES = ("org_admin", "investigator", "approver")
NOT_OBJECTS = frozenset({"kind", "category", "track_id", "incident_number"})
# B describes the camera it tries to change in its own terms: A's body names A's device, which
# B may not name (400 for the body, before the camera is looked up).
OWN_BODIES = {
    "PUT /api/v1/cameras/{camera_id}": {
        "json": {"name": "Taken", "kind": "fixed", "latitude": 45.5, "longitude": -73.5}
    }
}


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> World:
    return build_world(stack, gateway, "Harbor")


@pytest.fixture(scope="module")
def org_b(world: World) -> Iterator[dict[str, Any]]:
    roles = {role: [role] for role in B_ROLES}
    yield new_org(world.client, world.root, "Rival", roles)["users"]


def operations_with_ids(spec: dict[str, Any]) -> list[str]:
    found = []
    for path, operations in spec["paths"].items():
        names = {p["name"] for op in operations.values() for p in op.get("parameters", ())}
        in_path = {n for n in names if "{" + n + "}" in path}
        for method, operation in operations.items():
            if operation.get("security") and in_path - NOT_OBJECTS:
                found.append(f"{method.upper()} {path}")
    return found


def snapshot(world: World) -> dict[str, Any]:
    """A's objects as A reads them."""
    ids = world.ids
    admin_reads = [
        f"/orgs/{world.org['id']}",
        f"/cameras/{ids['camera']}",
        "/camera-groups",
        "/request-settings",
        "/request-forms",
        f"/devices/{ids['device']}",
        f"/devices/{ids['device']}/transfers",
        f"/cases/{ids['case']}/grants",
        f"/cases/{ids['case']}/file-requests",
        f"/redactions/{ids['job']}",
        f"/disclosures/{ids['disclosure']}",
        f"/cases/{ids['case']}/disclosures",
    ]
    investigator_reads = [
        f"/requests/{ids['request']}",
        f"/requests/{ids['request']}/messages",
        f"/cases/{ids['case']}",
        f"/cases/{ids['case2']}/evidence",
        f"/cases/{ids['case']}/evidence",
        f"/evidence/{ids['item']}",
        f"/evidence/{ids['item']}/comments",
        f"/evidence/{ids['item']}/redactions",
    ]
    state = {path: world.as_admin("GET", path) for path in admin_reads}
    return state | {path: world.as_investigator("GET", path) for path in investigator_reads}


def expected(cell: str) -> frozenset[int] | None:
    """None: allowed."""
    token = cell.split("(")[0].split("[")[0].strip()
    if token == "yes":
        return None
    return frozenset({403, 404}) if token == "no" else frozenset({404})


def test_another_organization_reaches_nothing_of_ours(
    world: World, org_b: dict[str, Any], gateway: httpx.Client
) -> None:
    spec = call(gateway, "GET", f"{API}/openapi.json", {})
    keys = operations_with_ids(spec)
    rows = {row.key: row for row in role_table()}
    assert set(keys) <= set(rows), "operations missing from docs/roles.md"
    before = snapshot(world)
    started = datetime.now(UTC) - timedelta(seconds=5)
    wrong, calls, refused = [], 0, dict[str, tuple[str, int]]()
    for key in keys:
        for role in B_ROLES:
            want = expected(rows[key].cells[role])
            for values in _targets(world, role, key):
                headers = org_b[role]["headers"]
                try:
                    response = perform(world, key, role, headers, values, OWN_BODIES.get(key))
                except AssertionError as failed:  # a fresh object of A's could not be made
                    wrong.append(f"{key} as B's {role}: A's world broke before it: {failed}")
                    continue
                calls += 1
                status = response.status_code
                ok = 200 <= status < 300 if want is None else status in want
                if not ok:
                    wrong.append(f"{key} as B's {role}: wanted {want}, got {status}")
                if status in (403, 404):
                    refused[response.headers["x-request-id"]] = (key, status)
    assert not wrong, "\n".join(wrong)
    assert calls >= 3 * 61  # 61 operations name an object today, each tried by B's 3 roles
    assert snapshot(world) == before
    assert_refusals_audited(gateway, world.root, started, refused)


def assert_refusals_audited(
    gateway: httpx.Client,
    root: dict[str, str],
    since: datetime,
    refused: dict[str, tuple[str, int]],
) -> None:
    """Each refusal's record reaches the ledger (through the gateway's outbox, the broker and
    the audit service's batches: polled), naming the operation and the status answered."""
    deadline, found = time.monotonic() + 180, dict[str, dict[str, Any]]()
    while set(refused) - set(found) and time.monotonic() < deadline:
        found = _refusal_records(gateway, root, since)
        time.sleep(2)
    missing = sorted(refused[r][0] for r in set(refused) - set(found))
    assert not missing, f"{len(missing)} refusals left no audit record: {missing[:10]}"
    for request_id, (key, status) in refused.items():
        record = found[request_id]
        assert f"{record['details']['method']} {record['details']['path']}" == key
        assert record["details"]["status"] == status and record["actor_type"] == "user"


def _refusal_records(
    gateway: httpx.Client, root: dict[str, str], since: datetime
) -> dict[str, dict[str, Any]]:
    """The ledger's access.refused records since ``since``, by request id (all pages)."""
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        params = {"since": since.isoformat(), "start_index": start, "limit": 500}
        page = call(gateway, "GET", f"{API}/audit/records", root, params=params)
        for record in page["items"]:
            if record["action"] == "access.refused":
                found[record["details"]["request_id"]] = record
        if page["next_start_index"] is None:
            return found
        start = page["next_start_index"]


def _targets(world: World, role: str, key: str) -> list[dict[str, str]]:
    values = path_values(world, role, key)
    if "{kind}" not in key:
        return [values]
    return [values, values | {"kind": "evidence", "object_id": world.ids["item"]}]

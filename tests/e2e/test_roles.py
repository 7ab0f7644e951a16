"""docs/roles.md, walked: every row of the role table, called through the gateway as a user of
every role on one organization's real objects, answers as its cell says. The superadmin is a
user of the platform's own organization, so on the walked organization's objects it is the
stranger: `own org` and the like are 404 for it.

Also: the table names every authenticated operation of the OpenAPI, and nothing else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .calls import perform
from .world import ROLES, Row, World, build_world, cancel_jobs, role_table

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # stack, world, walk

ALLOW = "allow"
Outcome = str | frozenset[int]
# The cells whose rule depends only on whether the caller is the walked organization's own
# (members, and its guest) or a stranger to it (the superadmin).
_OWN_OR_404 = frozenset({"own org", "own org, granted", "visible", "party", "requester"})
# They say what kind, not which one; an incident number names the caller's own case to open.
NOT_OBJECTS = frozenset({"kind", "category", "incident_number"})


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> Iterator[World]:
    built = build_world(stack, gateway, "Walk")
    yield built
    cancel_jobs(built, built.made_jobs)  # redactions asked by the walk: no analysis needed


def rule(cell: str) -> str:
    """The cell without its remarks: "no (`?shared=true`: granted)" is "no"."""
    return cell.split("(")[0].split("[")[0].strip()


def names_object(path: str) -> bool:
    """Whether the path names one of the walked organization's objects."""
    return bool(set(re.findall(r"{(\w+)}", path)) - NOT_OBJECTS)


def expected(cell: str, role: str, path: str) -> Outcome:
    """What the walked organization's objects answer ``role`` for ``cell``. A call that names
    no object acts in the caller's own organization, whoever the caller is."""
    token = rule(cell)
    stranger = role == "superadmin" and names_object(path)
    if token == "yes" or token in ("own requests", "own records", "own"):
        return ALLOW  # a guest walks its own request and its own ledger entry; `own`: †
    if token == "no":
        return frozenset({403, 404}) if stranger else frozenset({403})
    if token in ("hidden", "granted"):  # nothing was granted to the walkers
        return frozenset({404})
    if token in _OWN_OR_404:
        return frozenset({404}) if stranger else ALLOW
    if token == "named approvers":  # the walked organization named its approver
        if stranger:
            return frozenset({404})
        return ALLOW if role == "approver" else frozenset({403})
    raise AssertionError(f"docs/roles.md: unknown cell {cell!r}")


def verdict(row: Row, role: str, response: httpx.Response) -> str | None:
    """None when the answer is the cell's; otherwise what is wrong."""
    cell, status = row.cells[role], response.status_code
    want = expected(cell, role, row.path)
    if want == ALLOW:
        # Allowed and done, or allowed but the object's state says no (409). † rows have no
        # finished job to show, so their allowed calls may only find nothing (404).
        ok = 200 <= status < 300 or status == 409 or (row.refusals_only and status == 404)
    else:
        ok = status in want
    if ok:
        return None
    return f"{row.key} as {role}: {cell!r} wants {want}, got {status} {response.text[:300]}"


def test_every_role_gets_what_the_table_says(world: World) -> None:
    wrong = []
    for row in role_table():
        for role in ROLES:
            response = perform(world, row.key, role, world.headers(role))
            if problem := verdict(row, role, response):
                wrong.append(problem)
    assert not wrong, "\n".join(wrong)


def test_the_table_names_every_authenticated_operation(gateway: httpx.Client) -> None:
    spec = gateway.get("/api/v1/openapi.json").json()
    secured = {
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    }
    rows = role_table()
    listed = [row.key for row in rows]
    assert len(listed) == len(set(listed)), "a row appears twice"
    assert sorted(secured - set(listed)) == [], "operations missing from docs/roles.md"
    assert sorted(set(listed) - secured) == [], "rows naming no authenticated operation"
    for row in rows:
        for role in ROLES:
            expected(row.cells[role], role, row.path)  # every cell is one the legend defines

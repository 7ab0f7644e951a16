"""A superadmin acting for an organization (decision 0048) against a fake gateway: the
organizations page finds one by name, acting sends Custody-Acting-For on every call and shows
the banner on every page, stopping ends both; a refusal or a person who is no superadmin
leaves the session as it was; the custody timeline names the operator as acting."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from web.domain.custody import AuditRecord, actor_name

from .conftest import SignedIn, csrf_of

pytestmark = pytest.mark.unit

PLATFORM, HARBOR, ME = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
HEADER = "custody-acting-for"


class Gateway:
    def __init__(self, roles: list[str]) -> None:
        self.roles = roles
        self.asked: list[tuple[str, str, str | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        self.asked.append((request.method, path, request.headers.get(HEADER)))
        if path == "/auth/token":
            tokens = {"access_token": "a", "refresh_token": "r", "expires_in": 900}
            return httpx.Response(200, json=tokens)
        if path == "/users/me":
            me = {"id": ME, "org_id": PLATFORM, "email": "root@custody.example",
                  "display_name": "Root", "roles": self.roles}  # fmt: skip
            return httpx.Response(200, json=me)
        if path == "/orgs":
            return httpx.Response(200, json={"items": [{"id": HARBOR, "name": "Harbor PD"}]})
        if path == f"/orgs/{HARBOR}":
            return httpx.Response(200, json={"id": HARBOR, "name": "Harbor PD"})
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})


def _act(client: Any, org_id: str) -> Any:
    page = client.get("/admin/organizations", params={"name": "harbor"})
    return client.post("/admin/acting", data={"csrf_token": csrf_of(page), "org_id": org_id})


def test_acting_carries_the_header_shows_the_banner_and_stops(signed_in: SignedIn) -> None:
    gateway = Gateway(["superadmin"])
    with signed_in(gateway) as client:
        found = client.get("/admin/organizations", params={"name": "harbor"})
        assert "Harbor PD" in found.text and "Act for this organization" in found.text
        assert "You are acting for" not in found.text
        started = _act(client, HARBOR)
        assert (started.status_code, started.headers["location"]) == (303, "/admin/cameras")
        assert ("GET", f"/orgs/{HARBOR}", HARBOR) in gateway.asked
        page = client.get("/admin/organizations")
        assert "You are acting for <strong>Harbor PD</strong> as its administrator" in page.text
        assert "Stop acting" in page.text and 'href="/admin/cameras"' in page.text
        client.post("/admin/acting/stop", data={"csrf_token": csrf_of(page)})
        gateway.asked.clear()
        after = client.get("/admin/organizations", params={"name": "harbor"})
        assert "You are acting for" not in after.text
        assert [header for _, _, header in gateway.asked] == [None]


def test_a_refused_organization_leaves_the_session_as_it_was(signed_in: SignedIn) -> None:
    gateway = Gateway(["superadmin"])
    with signed_in(gateway) as client:
        refused = _act(client, str(uuid.uuid4()))  # the fake gateway knows no such org
        assert refused.headers["location"] == "/admin/organizations?refused=1"
        page = client.get(refused.headers["location"])
        assert "You cannot act for that organization" in page.text
        assert "You are acting for" not in page.text
        assert _act(client, "not-an-id").headers["location"].endswith("refused=1")


def test_only_a_superadmin_has_the_organizations_page(signed_in: SignedIn) -> None:
    gateway = Gateway(["org_admin"])
    with signed_in(gateway) as client:
        assert client.get("/admin/organizations").status_code == 403
        home = client.get("/")
        refused = client.post("/admin/acting", data={"csrf_token": csrf_of(home), "org_id": HARBOR})
        assert refused.headers["location"].endswith("refused=1")
        assert all(header is None for _, _, header in gateway.asked)


def test_the_timeline_names_an_operator_acting_for_the_organization() -> None:
    fields = {"index": 1, "event_id": uuid.uuid4(), "actor_type": "user", "actor_id": ME}
    acted = AuditRecord(**fields, action="camera.registered", acting_for=uuid.UUID(HARBOR))
    names = {HARBOR: "Harbor PD"}
    assert actor_name(acted, names) == f"User {ME} (platform operator) acting for Harbor PD"
    assert actor_name(AuditRecord(**fields, action="x"), names) == f"User {ME}"

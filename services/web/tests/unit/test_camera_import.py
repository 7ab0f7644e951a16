"""Bulk camera import: the file's format from its name, the dry run's report by line and
field, the examples the page offers, and the two steps against a fake gateway (the checked
file kept server-side; an import the page did not show, or an older tab's, refused)."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.domain.camera_import import (
    COLUMN_NAMES,
    ImportReport,
    RowProblem,
    example_csv,
    example_geojson,
    file_format,
    report_rows,
)
from web.entrypoints.http_app import create_app

pytestmark = pytest.mark.unit

USER = {
    "id": str(uuid.uuid4()),
    "org_id": str(uuid.uuid4()),
    "email": "sam@harbor.example",
    "display_name": "Sam",
    "roles": ["org_admin"],
}
BAD = b"name,kind,latitude,longitude\nDock,fixed,95,10\n"


def test_the_format_comes_from_the_files_name() -> None:
    assert file_format("Cameras.CSV") == "csv"
    assert file_format("map.geojson") == file_format("map.json") == "geojson"
    assert file_format("cameras.xlsx") is None and file_format("cameras") is None


def test_each_problem_names_the_column_its_reason_starts_with() -> None:
    report = ImportReport(
        problems=[
            RowProblem(line=3, reason="latitude must be within -90..90"),
            RowProblem(line=1, reason="missing columns: kind"),
        ]
    )
    rows = report_rows(report)
    assert [(r.line, r.field, r.reason) for r in rows] == [
        (3, "latitude", "Latitude must be within -90..90"),
        (1, "", "Missing columns: kind"),
    ]


def test_the_examples_use_only_the_registrys_columns() -> None:
    header = next(csv.reader(io.StringIO(example_csv())))
    assert set(header) <= COLUMN_NAMES and {"name", "kind", "latitude", "longitude"} <= set(header)
    features = json.loads(example_geojson())["features"]
    assert all(set(f["properties"]) <= COLUMN_NAMES for f in features)
    assert features[0]["geometry"]["coordinates"] == [-73.5666, 45.5029]


class FakeGateway:
    def __init__(self) -> None:
        self.imports: list[tuple[str, bytes]] = []  # (dry_run, file bytes)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/v1/auth/token":
            tokens = {"access_token": "a", "refresh_token": "r", "expires_in": 900}
            return httpx.Response(200, json=tokens)
        if path == "/api/v1/users/me":
            return httpx.Response(200, json=USER)
        if path == "/api/v1/cameras/import":
            return self._import(request)
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})

    def _import(self, request: httpx.Request) -> httpx.Response:
        dry_run = request.url.params["dry_run"]
        data = request.read()
        self.imports.append((dry_run, data))
        bad = b",95," in data
        problems = [{"line": 2, "reason": "latitude must be within -90..90"}] if bad else []
        ids = [] if dry_run == "true" else [str(uuid.uuid4())]
        body = {"dry_run": dry_run == "true", "valid_rows": 0 if bad else 1}
        return httpx.Response(200, json=body | {"problems": problems, "camera_ids": ids})


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway) -> Iterator[TestClient]:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
        page = client.get("/sign-in")
        form = {"csrf_token": _csrf(page), "email": USER["email"], "password": "x"}
        client.post("/sign-in", data=form)
        yield client


def _csrf(page: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return str(found.group(1))


def _check(browser: TestClient, name: str, data: bytes) -> Any:
    token = _csrf(browser.get("/admin/cameras/import"))
    files = {"file": (name, data, "text/csv")}
    return browser.post("/admin/cameras/import/check", data={"csrf_token": token}, files=files)


def test_a_bad_line_is_shown_and_nothing_can_be_imported(
    browser: TestClient, fake: FakeGateway
) -> None:
    page = _check(browser, "cameras.csv", BAD)
    assert page.status_code == 200
    assert "Latitude must be within -90..90" in page.text and "<code>latitude</code>" in page.text
    assert "Import 1 camera" not in page.text
    assert fake.imports == [("true", fake.imports[0][1])]


def test_a_checked_file_is_imported_from_the_session_once(
    browser: TestClient, fake: FakeGateway
) -> None:
    good = BAD.replace(b",95,", b",45,")
    page = _check(browser, "cameras.csv", good)
    assert "Import 1 camera" in page.text
    import_id = re.search(r'name="import_id" value="([^"]+)"', page.text)
    assert import_id
    form = {"csrf_token": _csrf(page), "import_id": import_id.group(1)}
    done = browser.post("/admin/cameras/import", data=form)
    assert (
        done.status_code == 303 and done.headers["location"] == "/admin/cameras/import?imported=1"
    )
    assert fake.imports[-1][0] == "false" and good in fake.imports[-1][1]
    again = browser.post("/admin/cameras/import", data=form)
    assert again.status_code == 409 and "no longer waiting" in again.text
    assert "1 camera imported" in browser.get(done.headers["location"]).text
    assert "all your" not in browser.get("/admin/cameras/import?imported=all%20your").text


def test_the_examples_download_as_files(browser: TestClient) -> None:
    example = browser.get("/admin/cameras/import/example.geojson")
    assert example.status_code == 200 and example.headers["content-type"] == "application/geo+json"
    assert "attachment" in example.headers["content-disposition"]
    assert browser.get("/admin/cameras/import/example.xlsx").status_code == 404


def test_a_file_of_another_kind_is_refused_at_its_field(
    browser: TestClient, fake: FakeGateway
) -> None:
    page = _check(browser, "cameras.xlsx", b"PK")
    assert page.status_code == 400 and 'aria-describedby="file-hint file-error"' in page.text
    assert fake.imports == []

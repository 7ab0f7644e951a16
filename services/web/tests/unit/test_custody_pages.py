"""The chain-of-custody pages against a fake gateway: an item's and a case's trail as a
timeline with names from the directory, both orders and pages, the proofs relayed as the
gateway answered them (a record newer than the latest head marked pending), the published key,
the printable report with the hash, head, paths and canonical texts, and another
organization's item as the 404 page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.entrypoints.http_app import create_app

from .conftest import csrf_of

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "2026-000009", "title": "Dock"}
ITEM = {"id": str(uuid.uuid4()), "case_id": CASE["id"], "filename": "lobby.mp4",
        "size": 2_500_000, "sha256": "c0ffee" * 10 + "abcd"}  # fmt: skip
HIDDEN = str(uuid.uuid4())
HEAD = {"id": 7, "tree_size": 120, "root_hash": "ab" * 32, "timestamp_ms": 1_796_000_000_000,
        "key_id": "0123456789abcdef", "signature": "cd" * 64}  # fmt: skip
PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"
KEY = {"key_id": "0123456789abcdef", "algorithm": "Ed25519", "public_key_pem": PEM}
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def record(index: int, action: str = "evidence.viewed") -> dict[str, Any]:
    return {
        "index": index, "event_id": str(uuid.UUID(int=index + 1)), "service": "evidence",
        "actor_type": "user", "actor_id": USER["id"], "action": action,
        "object_type": "evidence", "object_id": ITEM["id"], "object_hash": None,
        "occurred_at": (START + timedelta(minutes=index)).isoformat(), "source_address": None,
        "reason": None, "leaf_hash": f"{index:064x}",
        "details": {"case_id": CASE["id"], "org_ids": [ORG], "range": "bytes=0-99"},
    }  # fmt: skip


RECORDS = [record(0, "evidence.ingested")] + [record(i) for i in range(1, 60)]


class FakeGateway:
    def __init__(self) -> None:
        self.queries: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        self.queries.append((path, request.url.query.decode()))
        answers: dict[str, Any] = {
            "/users/me": USER,
            f"/orgs/{ORG}/users": {"items": [USER], "count": 1},
            f"/evidence/{ITEM['id']}": ITEM,
            f"/cases/{CASE['id']}": CASE,
            "/audit/public-key": KEY,
        }
        if request.method == "POST":
            return httpx.Response(200, json={"access_token": "a", "refresh_token": "r",
                                             "expires_in": 900})  # fmt: skip
        if path in answers:
            return httpx.Response(200, json=answers[path])
        if path == "/audit/records":
            return self._records(request)
        if path.startswith("/audit/records/") and path.endswith("/proof"):
            return self._proof(path.split("/")[3])
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})

    def _records(self, request: httpx.Request) -> httpx.Response:
        start = int(request.url.params["start_index"])
        assert int(request.url.params["limit"]) <= 500  # the gateway's largest page
        page = RECORDS[start : start + 40]  # the gateway pages too
        following = start + 40 if start + 40 < len(RECORDS) else None
        body = {"items": page, "count": len(page), "next_start_index": following}
        return httpx.Response(200, json=body)

    def _proof(self, event_id: str) -> httpx.Response:
        found = next((r for r in RECORDS if r["event_id"] == event_id), None)
        if found is None:
            return httpx.Response(404, json={"status": 404, "title": "Not Found"})
        if found["index"] == 59:
            return httpx.Response(409, json={"status": 409, "title": "Not yet in a tree head"})
        proof = {"record": found, "canonical": '{"action":"x"}', "tree_head": HEAD,
                 "audit_path": ["11" * 32, "22" * 32]}  # fmt: skip
        return httpx.Response(200, json=proof)


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def client(signed_in: Any, fake: FakeGateway) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_an_items_trail_is_a_timeline_newest_first_in_pages(client: TestClient) -> None:
    page = client.get(f"/evidence/{ITEM['id']}/custody")
    assert page.status_code == 200
    text = page.text
    assert "Chain of custody: lobby.mp4" in text and "Audit trail (60 records)" in text
    assert 'aria-current="page"' in text and f'href="/evidence/{ITEM["id"]}/sharing"' in text
    assert text.index(str(uuid.UUID(int=60))) < text.index(str(uuid.UUID(int=11)))  # newest
    assert str(uuid.UUID(int=1)) not in text  # the first record is on page 2
    assert "By Ana Ruiz" in text and "Range" in text and "bytes=0-99" in text
    assert "Org ids" not in text
    assert "Page 1 of 2" in text and "order=newest&amp;page=2" in text
    assert 'data-proofs-url="/evidence/' in text and "/static/js/custody-page.js" in text
    second = client.get(f"/evidence/{ITEM['id']}/custody?order=oldest&page=2").text
    assert "Page 2 of 2" in second and str(uuid.UUID(int=60)) in second
    oldest = client.get(f"/evidence/{ITEM['id']}/custody?order=oldest").text
    assert "Uploaded and ingested" in oldest


def test_a_cases_trail_asks_for_the_cases_records(client: TestClient, fake: FakeGateway) -> None:
    page = client.get(f"/cases/{CASE['id']}/custody")
    assert page.status_code == 200 and "Chain of custody: case 2026-000009" in page.text
    assert any(p == "/audit/records" and f"case_id={CASE['id']}" in q for p, q in fake.queries)


def test_proofs_are_relayed_and_a_record_past_the_head_is_pending(
    client: TestClient, fake: FakeGateway
) -> None:
    ids = [RECORDS[3]["event_id"], RECORDS[59]["event_id"]]
    answer = client.get(
        f"/evidence/{ITEM['id']}/custody/proofs.json", params=[("event_id", i) for i in ids]
    )
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    first, pending = answer.json()["proofs"]
    assert first["proof"]["tree_head"] == HEAD and first["proof"]["audit_path"][0] == "11" * 32
    problem = {"status": 409, "title": "Not yet in a tree head"}
    assert pending == {"event_id": ids[1], "problem": problem}
    # Every proof after the first is asked against the first one's head.
    asked = [q for p, q in fake.queries if p.endswith("/proof")]
    assert asked[0] == "" and asked[1] == "tree_head_id=7"


def test_the_published_key_is_relayed(client: TestClient) -> None:
    assert client.get("/custody/ledger-key.json").json() == KEY


def test_the_report_holds_hash_head_paths_and_texts(client: TestClient) -> None:
    page = client.get(f"/evidence/{ITEM['id']}/custody/report")
    assert page.status_code == 200
    text = page.text
    assert ITEM["sha256"] in text and HEAD["root_hash"] in text and HEAD["signature"] in text
    assert (
        '{"key_id":"0123456789abcdef","root_hash":"' + "ab" * 32 + '","timestamp_ms":'
        '1796000000000,"tree_size":120}'
    ) in text.replace("&#34;", '"')
    assert "22" * 32 in text and "Print or save as PDF" in text and "BEGIN PUBLIC KEY" in text
    assert "Not yet in a signed tree head." in text  # the newest record
    assert text.index(str(uuid.UUID(int=1))) < text.index(str(uuid.UUID(int=60)))  # oldest first
    case_report = client.get(f"/cases/{CASE['id']}/custody/report")
    assert case_report.status_code == 200 and "Case 2026-000009" in case_report.text


def test_another_organizations_item_is_not_found(client: TestClient) -> None:
    assert client.get(f"/evidence/{HIDDEN}/custody").status_code == 404
    assert client.get(f"/evidence/{HIDDEN}/custody/proofs.json").status_code == 404
    assert client.get(f"/evidence/{HIDDEN}/custody/report").status_code == 404


def test_a_pinned_key_id_from_the_settings_reaches_the_page(fake: FakeGateway) -> None:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    settings = Settings(ledger_key_pin="0123456789abcdef")
    with TestClient(create_app(settings, gateway), follow_redirects=False) as client:
        form = {"csrf_token": csrf_of(client.get("/sign-in")), "email": "s", "password": "x"}
        client.post("/sign-in", data=form)
        page = client.get(f"/evidence/{ITEM['id']}/custody")
    assert 'data-key-pin="0123456789abcdef"' in page.text
    assert "Pinned: 0123456789abcdef" in page.text

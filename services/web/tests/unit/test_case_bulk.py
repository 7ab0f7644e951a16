"""The case grid's bulk form against a fake gateway: provenance on a delivered item's card, the
ticked items tagged and categorised in one call, the API's refusal at its field with what was
ticked and typed kept, and "Play side by side" sent to the player with the items only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.domain.case_bulk import GRID_PAGE, BulkForm, GridPage, bulk_errors, tag_list
from web.domain.views import Problem

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "QPD-1", "title": "Dock",
        "status": "open", "permission": "owner"}  # fmt: skip
DEVICE = str(uuid.uuid4())
DELIVERED = {"id": str(uuid.uuid4()), "filename": "dock.mp4", "content_type": "video/mp4",
             "sha256": "ab" * 32, "source": "device", "request_id": str(uuid.uuid4()),
             "camera_id": str(uuid.uuid4()), "device_id": DEVICE, "channel": 2,
             "camera_name": "Quay loading dock", "latitude": 45.5029, "longitude": -73.5666,
             "capture_start": "2026-12-07T08:00:00Z",
             "capture_end": "2026-12-07T08:10:00Z"}  # fmt: skip
UPLOADED = {"id": str(uuid.uuid4()), "filename": "note.txt", "content_type": "text/plain",
            "sha256": "cd" * 32, "source": "upload"}  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.refuse: dict[str, Any] | None = None
        self.asked: list[dict[str, str]] = []  # the parameters of each read of the evidence
        self.pages = False  # a case of more items than a grid page: two pages, by cursor

    def evidence(self, params: Any) -> dict[str, Any]:
        self.asked.append(dict(params))
        if not self.pages:
            return {"items": [DELIVERED, UPLOADED], "total": 2}
        if params.get("cursor") == "after-first":
            return {"items": [UPLOADED], "total": GRID_PAGE + 1, "previous_cursor": "before-last"}
        return {"items": [DELIVERED], "total": GRID_PAGE + 1, "next_cursor": "after-first"}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        answers: dict[tuple[str, str], Any] = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", f"/orgs/{ORG}/users"): {"items": [USER], "count": 1},
            ("GET", f"/cases/{CASE['id']}"): CASE,
            ("GET", "/retention-policies"): {"items": [{"category": "homicide", "days": 9}]},
        }
        if route == ("GET", f"/cases/{CASE['id']}/evidence"):
            return httpx.Response(200, json=self.evidence(request.url.params))
        if route in answers:
            return httpx.Response(200, json=answers[route])
        self.sent.append((*route, json.loads(request.content or b"null")))
        if self.refuse is not None:
            return httpx.Response(self.refuse["status"], json=self.refuse)
        return httpx.Response(200, json={"items": [], "count": 2})


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_a_delivered_items_card_shows_its_provenance(browser: TestClient) -> None:
    page = browser.get(f"/cases/{CASE['id']}")
    assert page.status_code == 200
    assert "Quay loading dock" in page.text and f"Device {DEVICE[:8]}, channel 2" in page.text
    assert "45.50290, -73.56660" in page.text and "Registry camera (requested)" in page.text
    assert 'for="select-' + DELIVERED["id"] + '">Select dock.mp4' in page.text
    assert '<option value="homicide">homicide</option>' in page.text


def test_ticked_items_change_in_one_call_and_refusals_stay_at_their_field(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    path = f"/cases/{CASE['id']}/evidence/bulk"
    form = {"csrf_token": csrf_of(browser.get(f"/cases/{CASE['id']}")), "action": "change",
            "item": [DELIVERED["id"], UPLOADED["id"]], "add_tags": "night, dock",
            "category": "homicide"}  # fmt: skip
    done = browser.post(path, data=form)
    assert done.status_code == 303 and done.headers["location"].endswith("?changed=2#evidence")
    body = {"evidence_ids": [DELIVERED["id"], UPLOADED["id"]], "add_tags": ["night", "dock"],
            "remove_tags": [], "category": "homicide"}  # fmt: skip
    assert fake.sent == [("POST", path, body)]
    fake.refuse = {"status": 400, "detail": "category: 'x' is not a retention category"}
    refused = browser.post(path, data=form)
    assert refused.status_code == 400 and 'id="category-error"' in refused.text
    assert 'value="night, dock"' in refused.text and refused.text.count("checked") == 2
    nothing = browser.post(path, data=form | {"item": [], "add_tags": "", "category": ""})
    assert "Select at least one item" in nothing.text and "Enter tags to add" in nothing.text
    assert len(fake.sent) == 2


def test_play_side_by_side_goes_to_the_player_with_the_items_only(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    csrf = csrf_of(browser.get(f"/cases/{CASE['id']}"))
    items = [DELIVERED["id"], UPLOADED["id"]]
    path = f"/cases/{CASE['id']}/evidence/bulk"
    played = browser.post(path, data={"csrf_token": csrf, "action": "multiview", "item": items})
    assert played.status_code == 303 and not fake.sent
    location = played.headers["location"]
    assert location == f"/cases/{CASE['id']}/multiview?item={items[0]}&item={items[1]}"
    assert "csrf" not in location


def test_the_form_reads_tags_and_maps_the_apis_words_to_fields() -> None:
    assert tag_list(" a, b ,, a ") == ["a", "b"]
    assert BulkForm(("not-an-id",), "x").problems() == {"bulk-items": "Select at least one item"}
    detail = "add_tags: too many; category: 'x' is not one"
    found = bulk_errors(Problem(status=400, detail=detail))
    assert found == {"add_tags": "Too many", "category": "'x' is not one"}
    pydantic = [{"loc": ["body", "remove_tags", 0], "msg": "string too long"}]
    assert bulk_errors(Problem(status=422, errors=pydantic)) == {"remove_tags": "String too long"}
    assert bulk_errors(Problem(status=404, detail="case not found")) == {
        "bulk-items": "Case not found"
    }


def test_the_grid_asks_the_api_for_its_page_only(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    fake.pages = True
    first = browser.get(f"/cases/{CASE['id']}")
    assert fake.asked == [{"limit": str(GRID_PAGE)}]
    assert "Evidence (101)" in first.text and "Page 1 of 2" in first.text
    assert f'href="/cases/{CASE["id"]}?grid=2&amp;cursor=after-first#evidence"' in first.text
    assert "Previous page" not in first.text
    second = browser.get(f"/cases/{CASE['id']}?grid=2&cursor=after-first")
    assert fake.asked[-1] == {"limit": str(GRID_PAGE), "cursor": "after-first"}
    assert "Page 2 of 2" in second.text and "Next page" not in second.text
    assert f'href="/cases/{CASE["id"]}#evidence"' in second.text  # back to the first page
    # A bulk change sent from the second page comes back to it.
    action = f"/cases/{CASE['id']}/evidence/bulk?grid=2&amp;cursor=after-first"
    assert f'action="{action}"' in second.text
    form = {"csrf_token": csrf_of(second), "action": "change", "item": [UPLOADED["id"]],
            "add_tags": "late"}  # fmt: skip
    done = browser.post(action.replace("&amp;", "&"), data=form)
    assert done.headers["location"].endswith("?changed=2&grid=2&cursor=after-first#evidence")


def test_the_grids_place_is_a_page_number_and_a_cursor() -> None:
    assert GridPage.of({"grid": "2", "cursor": "c"}) == GridPage(2, "c")
    assert GridPage.of({"grid": "2"}) == GridPage.of({"grid": "x", "cursor": "c"}) == GridPage()
    assert GridPage(3, "c").api_params() == {"limit": GRID_PAGE, "cursor": "c"}
    assert GridPage().query() == "" and GridPage(3, "c d").query() == "grid=3&cursor=c+d"
    assert (
        GridPage(3, "c").previous("b") == GridPage(2, "b")
        and GridPage(2, "c").previous("b") == GridPage()
    )
    assert GridPage().previous(None) is None and GridPage().next(None) is None
    assert GridPage(1).next("n") == GridPage(2, "n") and GridPage().pages(GRID_PAGE * 2 + 1) == 3

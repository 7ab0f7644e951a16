"""The people pages against a fake gateway: the list with its filters passed on, a person's
page, a confirmation before each action, the temporary password shown on the answer, a
refusal said beside the roles, and a reset password sending the person to change it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .conftest import SignedIn, csrf_of

pytestmark = pytest.mark.unit

ORG, ME, DANA = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
WHEN = "2026-12-07T10:00:00Z"


def _user(user_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": user_id, "org_id": ORG, "email": f"{name.lower()}@harbor.example",
        "display_name": name, "roles": ["investigator"], "is_active": True,
        "created_at": WHEN, **extra,
    }  # fmt: skip


def _problem(status: int, code: str, detail: str) -> httpx.Response:
    body = {
        "type": f"urn:custody:problem:{code}",
        "title": code,
        "status": status,
        "detail": detail,
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class Gateway:
    def __init__(self, must_change: bool = False) -> None:
        self.must_change = must_change
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        self.asked.append((request.method, path, request.url.query.decode()))
        if path == "/auth/token":
            return httpx.Response(
                200, json={"access_token": "a", "refresh_token": "r", "expires_in": 900}
            )
        if path == "/users/me":
            me = _user(ME, "Hana", roles=["org_admin"], password_change_required=self.must_change)
            return httpx.Response(200, json=me)
        if path == "/users/me/password":
            return _problem(400, "invalid_argument", "the current password is not right")
        if self.must_change:
            return _problem(403, "password_change_required", "choose a new password")
        if path == f"/orgs/{ORG}/users":
            return httpx.Response(
                200,
                json={"items": [_user(DANA, "Dana")], "count": 1, "total": 1, "next_cursor": "n1"},
            )
        if path == f"/users/{DANA}" and request.method == "PATCH":
            return _problem(409, "conflict", "you may not remove your own org_admin role")
        if path == f"/users/{DANA}":
            return httpx.Response(200, json=_user(DANA, "Dana"))
        if path == f"/users/{DANA}/password-reset":
            reset = {
                "user": _user(DANA, "Dana", password_change_required=True),
                "temporary_password": "Tmp-very-secret-20ch",
            }
            return httpx.Response(200, json=reset)
        return _problem(404, "not_found", "not found")


def test_the_list_passes_its_filters_and_offers_the_next_page(signed_in: SignedIn) -> None:
    fake = Gateway()
    with signed_in(fake) as browser:
        page = browser.get("/admin/people?q=dana&status=all&role=approver")
    assert page.status_code == 200
    assert ("GET", f"/orgs/{ORG}/users", "q=dana&status=all&role=approver&limit=25") in fake.asked
    assert f'href="/admin/people/{DANA}"' in page.text and "1 person found" in page.text
    assert "/admin/people?q=dana&amp;status=all&amp;role=approver&amp;cursor=n1" in page.text


def test_an_action_is_confirmed_first_and_the_temporary_password_shown_once(
    signed_in: SignedIn,
) -> None:
    with signed_in(Gateway()) as browser:
        person = browser.get(f"/admin/people/{DANA}")
        assert f'href="/admin/people/{DANA}/reset-password"' in person.text
        confirm = browser.get(f"/admin/people/{DANA}/reset-password")
        assert "Reset the password of Dana?" in confirm.text
        done = browser.post(
            f"/admin/people/{DANA}/reset-password", data={"csrf_token": csrf_of(confirm)}
        )
        assert done.status_code == 200 and 'value="Tmp-very-secret-20ch"' in done.text
        again = browser.get(f"/admin/people/{DANA}")
        assert "Tmp-very-secret-20ch" not in again.text
        assert browser.get(f"/admin/people/{DANA}/explode").status_code == 404


def test_a_refused_role_change_is_said_beside_the_roles(signed_in: SignedIn) -> None:
    with signed_in(Gateway()) as browser:
        person = browser.get(f"/admin/people/{DANA}")
        form = {"csrf_token": csrf_of(person), "roles": "approver"}
        refused = browser.post(f"/admin/people/{DANA}/roles", data=form)
        assert refused.status_code == 409
        assert 'id="roles-error"' in refused.text and "remove your own org_admin" in refused.text
        empty = browser.post(f"/admin/people/{DANA}/roles", data={"csrf_token": csrf_of(person)})
        assert empty.status_code == 400 and "Choose at least one role" in empty.text


def test_a_reset_password_sends_the_person_to_change_it(signed_in: SignedIn) -> None:
    fake = Gateway(must_change=True)
    with signed_in(fake) as browser:
        elsewhere = browser.get("/cases")
        assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/account/password"
        page = browser.get("/account/password")
        assert "Choose a new password to continue" in page.text
        form = {
            "csrf_token": csrf_of(page), "current_password": "wrong",
            "new_password": "a long new password", "confirm_password": "a long new password",
        }  # fmt: skip
        refused = browser.post("/account/password", data=form)
    assert refused.status_code == 400
    assert 'id="current_password-error"' in refused.text and "is not right" in refused.text
    assert "a long new password" not in refused.text  # a password is never sent back

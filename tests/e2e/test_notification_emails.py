"""The notifier's emails through the whole stack and its real SMTP sink, as each person chose
(GET/PUT /api/v1/users/me/notification-preferences): a public upload through a file request
and a disclosure package arrive as text and HTML, each linking the web app's page; "in_app"
puts the notice in the tray only, "off" tells nothing. A colleague who kept the defaults is
told of the same upload: once their email is in, the notifier has handled the event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from custody_platform.embedded.smtp import html_part, read_messages, text_part

from .conftest import login, wait_until
from .helpers import call, new_case, new_org, tus_upload, wait_for_items
from .world import file_request_body

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # may start the stack
PREFERENCES = "/api/v1/users/me/notification-preferences"


@pytest.fixture(scope="module")
def setting(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Transit PD's lead made a case with a colleague assigned, and a file request on it."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    roles = {"lead": ["investigator"], "pal": ["investigator"]}
    metro = new_org(gateway, admin, "Transit PD", roles)
    lead, pal = metro["users"]["lead"], metro["users"]["pal"]
    case = new_case(gateway, lead["headers"], title="Platform assault", assignees=[pal["id"]])
    path = f"/api/v1/cases/{case['id']}/file-requests"
    body = file_request_body() | {"max_files": 10}
    created = call(gateway, "POST", path, lead["headers"], body, 201)
    return {"lead": lead, "pal": pal, "case": case, "token": created["token"], "uploads": 0}


def _mail(stack: dict[str, Any], to: str, *words: str) -> EmailMessage | None:
    found = read_messages(Path(stack["mail_dir"]))
    return next((m for m in found if to in m["To"] and all(w in text_part(m) for w in words)), None)


def _upload(stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]) -> str:
    """A witness uploads a clip; answers its file name once it is evidence."""
    setting["uploads"] += 1
    name = f"IMG_{setting['uploads']:04d}.mp4"
    start = datetime(2026, 5, 1, 20, 15, tzinfo=UTC)
    clip = make_clip("phone", 1, start, start + timedelta(seconds=5 + setting["uploads"]))
    tus_url = f"{stack['device_gateway_url']}/ingest/v1/uploads"
    tus_upload(tus_url, setting["token"], clip, name, "video/mp4", contributor_name="A. Witness")
    wait_for_items(gateway, setting["lead"]["headers"], setting["case"]["id"], setting["uploads"])
    return name


def _choose(gateway: httpx.Client, person: dict[str, Any], topic: str, choice: str) -> Any:
    body = {"preferences": [{"topic": topic, "choice": choice}]}
    return call(gateway, "PUT", PREFERENCES, person["headers"], body)


def _tray(gateway: httpx.Client, person: dict[str, Any], words: str) -> list[dict[str, Any]]:
    found = call(gateway, "GET", "/api/v1/notifications", person["headers"])["items"]
    return [n for n in found if words in n["body"]]


def _both_parts_link(message: EmailMessage, link: str) -> None:
    assert message.get_content_type() == "multipart/alternative"
    assert link in text_part(message)
    assert f'href="{link}"' in html_part(message)


def test_a_public_upload_is_emailed_with_a_link_to_the_case(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    name = _upload(stack, gateway, setting)
    email = setting["lead"]["email"]
    message = wait_until(lambda: _mail(stack, email, name), timeout=60, what="the lead's email")
    assert message["Subject"] == f"New public upload in case {setting['case']['number']}"
    _both_parts_link(message, f"{stack['web_url']}/cases/{setting['case']['id']}")
    assert f"{stack['web_url']}/account/notifications" in text_part(message)


def test_in_app_only_then_off(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    lead, pal = setting["lead"], setting["pal"]
    shown = _choose(gateway, lead, "public_upload", "in_app")["preferences"]
    assert {p["topic"]: p["choice"] for p in shown}["public_upload"] == "in_app"

    name = _upload(stack, gateway, setting)
    wait_until(lambda: _mail(stack, pal["email"], name), timeout=60, what="the colleague's email")
    wait_until(lambda: _tray(gateway, lead, name), timeout=60, what="the lead's notice")
    assert _mail(stack, lead["email"], name) is None

    _choose(gateway, lead, "public_upload", "off")
    name = _upload(stack, gateway, setting)
    wait_until(lambda: _mail(stack, pal["email"], name), timeout=60, what="the colleague's email")
    wait_until(lambda: _tray(gateway, pal, name), timeout=60, what="the colleague's notice")
    assert _mail(stack, lead["email"], name) is None and _tray(gateway, lead, name) == []


def test_a_refused_choice_is_a_problem_and_changes_nothing(
    gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    pal = setting["pal"]
    for topic, choice in (("lottery", "off"), ("webhook_disabled", "off")):
        body = {"preferences": [{"topic": topic, "choice": choice}]}
        refused = gateway.put(PREFERENCES, headers=pal["headers"], json=body)
        assert refused.status_code == 400
        assert refused.headers["content-type"].startswith("application/problem+json")
    shown = call(gateway, "GET", PREFERENCES, pal["headers"])["preferences"]
    assert {p["topic"]: p["choice"] for p in shown}["webhook_disabled"] == "in_app"


def test_a_disclosure_package_is_emailed_when_ready(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    lead, case = setting["lead"], setting["case"]
    if not setting["uploads"]:
        _upload(stack, gateway, setting)
    items = call(gateway, "GET", f"/api/v1/cases/{case['id']}/evidence", lead["headers"])["items"]
    body = {"evidence_ids": [items[0]["id"]], "recipient_name": "County court"}
    path = f"/api/v1/cases/{case['id']}/disclosures"
    disclosure = call(gateway, "POST", path, lead["headers"], body, 202)
    link = f"{stack['web_url']}/disclosures/{disclosure['id']}"
    message = wait_until(
        lambda: _mail(stack, lead["email"], link), timeout=120, what="the disclosure email"
    )
    assert message["Subject"] == "Disclosure package is ready"
    _both_parts_link(message, link)

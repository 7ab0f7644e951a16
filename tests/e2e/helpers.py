"""Helpers the evidence, ledger, disclosure and file-request e2e modules share: organizations
with users, cases, tus uploads through an upload grant, and waiting for what they cause."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from tusclient.client import TusClient

from .conftest import login, wait_until

PASSWORD = "correct horse battery staple"
MIB = 1 << 20


def call(
    client: httpx.Client,
    method: str,
    path: str,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
    expect: int = 200,
    **kwargs: Any,
) -> Any:
    response = client.request(method, path, json=body, headers=headers, **kwargs)
    assert response.status_code == expect, (
        f"{method} {path}: {response.status_code} {response.text}"
    )
    return response.json() if response.content else None


def new_org(
    client: httpx.Client, admin: dict[str, str], name: str, roles: dict[str, list[str]]
) -> dict[str, Any]:
    org = call(
        client, "POST", "/api/v1/orgs", admin, {"name": f"{name} {uuid.uuid4().hex[:6]}"}, 201
    )
    users: dict[str, Any] = {}
    for key, user_roles in roles.items():
        email = f"{key}.{uuid.uuid4().hex[:8]}@{name.lower().replace(' ', '')}.example"
        body = {"email": email, "password": PASSWORD, "display_name": key, "roles": user_roles}
        user = call(client, "POST", f"/api/v1/orgs/{org['id']}/users", admin, body, 201)
        users[key] = user | {"email": email, "headers": login(client, email, PASSWORD)}
    return {"org": org, "users": users}


def new_case(client: httpx.Client, headers: dict[str, str], **fields: Any) -> Any:
    body = {"title": f"Case {uuid.uuid4().hex[:6]}", **fields}
    return call(client, "POST", "/api/v1/cases", headers, body, 201)


def tus_upload(
    tus_url: str, token: str, data: bytes, filename: str, filetype: str, **extra: str
) -> str:
    """Uploads with the stock tuspy client; returns the upload URL."""
    client = TusClient(tus_url, headers={"Authorization": f"Bearer {token}"})
    uploader = client.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=MIB,
        metadata={"filename": filename, "filetype": filetype, **extra},
    )
    uploader.upload()
    return str(uploader.url)


def case_items(
    client: httpx.Client, headers: dict[str, str], case_id: str, limit: int = 500
) -> list[dict[str, Any]]:
    """Every item of the case, following the API's cursor a page of `limit` at a time."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        page = call(client, "GET", f"/api/v1/cases/{case_id}/evidence", headers, params=params)
        items += page["items"]
        if not page["next_cursor"]:
            return items
        params["cursor"] = page["next_cursor"]


def wait_for_items(
    client: httpx.Client, headers: dict[str, str], case_id: str, count: int, timeout: float = 60
) -> list[dict[str, Any]]:
    def listed() -> Any:
        items = case_items(client, headers, case_id)
        return items if len(items) >= count else None

    return list(wait_until(listed, timeout=timeout, what=f"{count} items in case {case_id}"))


def audit_entry(
    client: httpx.Client, headers: dict[str, str], object_id: str, action: str, actor: str
) -> Any:
    def entry() -> Any:
        found = call(
            client, "GET", "/api/v1/audit/records", headers, params={"object_id": object_id}
        )
        return next(
            (e for e in found["items"] if e["action"] == action and e["actor_id"] == actor), None
        )

    return wait_until(entry, timeout=30, what=f"audit {action} by {actor}")


def is_problem(response: httpx.Response, status: int) -> bool:
    content_type = response.headers.get("content-type", "")
    return response.status_code == status and content_type.startswith("application/problem+json")

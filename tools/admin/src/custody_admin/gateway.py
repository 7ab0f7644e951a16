"""The gateway's public HTTP API, signed in as an admin: what an operator could do with curl."""

from __future__ import annotations

from typing import Any

import httpx

from custody_admin.outcome import Refused, Unreachable
from custody_admin.target import Target

API = "/api/v1"


class Gateway:
    def __init__(self, target: Target, *, timeout: float = 30.0) -> None:
        if not (target.api_url and target.admin_email and target.admin_password):
            raise Unreachable(
                "no gateway or admin credentials: give --stack, or --api-url and --admin-email "
                "with the password in CUSTODY_ADMIN_PASSWORD"
            )
        self._target = target
        self._client = httpx.Client(base_url=target.api_url, timeout=timeout)

    def __enter__(self) -> Gateway:
        token = self._call(
            "POST",
            "/auth/token",
            data={"username": self._target.admin_email, "password": self._target.admin_password},
        )
        self._client.headers["Authorization"] = f"Bearer {token['access_token']}"
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def create_org(self, name: str) -> dict[str, Any]:
        return self._call("POST", "/orgs", json={"name": name})

    def create_user(self, org_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", f"/orgs/{org_id}/users", json=body)

    def list_users(self, org_id: str, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of the organization's users matching ``query``."""
        found: list[dict[str, Any]] = []
        cursor = ""
        while True:
            params = query | ({"cursor": cursor} if cursor else {})
            page = self._call("GET", f"/orgs/{org_id}/users", params=params)
            found += page["items"]
            if not (cursor := page["next_cursor"]):
                return found

    def user_action(self, user_id: str, action: str) -> dict[str, Any]:
        """``POST /users/{id}/<action>``: deactivate, reactivate, password-reset."""
        return self._call("POST", f"/users/{user_id}/{action}")

    def sign_tree_head(self) -> dict[str, Any]:
        return self._call("POST", "/audit/tree-heads")

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._client.request(method, API + path, **kwargs)
        except httpx.HTTPError as exc:
            raise Unreachable(f"gateway {self._target.api_url}: {exc}") from exc
        if response.status_code >= 500:
            raise Unreachable(f"gateway answered {response.status_code} to {method} {path}")
        if response.is_error:
            problem = _problem(response)
            detail = problem.get("detail") or problem.get("title") or response.reason_phrase
            raise Refused(f"{method} {path}: {response.status_code} {detail}", problem)
        return dict(response.json())


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        return dict(response.json())
    except ValueError:
        return {"status": response.status_code, "detail": response.text[:500]}

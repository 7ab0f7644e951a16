"""Schemathesis hooks for tests/e2e/test_api_conformance.py, loaded by the schemathesis CLI
(SCHEMATHESIS_HOOKS=conformance_hooks): sign in as the account the test names in
CONFORMANCE_LOGIN (again every few minutes: access tokens are short-lived), and send tus
chunks (application/offset+octet-stream) as raw bytes."""

from __future__ import annotations

import json
import os
from typing import Any

import httpx
import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


@schemathesis.auth(refresh_interval=120)
class SignIn:
    """A user of the gateway (email and password) or a device (id and secret)."""

    def get(self, case: Any, ctx: Any) -> str:
        login = json.loads(os.environ["CONFORMANCE_LOGIN"])
        with httpx.Client(base_url=login["url"], timeout=60) as client:
            if "email" in login:
                form = {"username": login["email"], "password": login["password"]}
                response = client.post("/api/v1/auth/token", data=form)
            else:
                secret = {"device_id": login["device_id"], "device_secret": login["secret"]}
                response = client.post("/device/v1/token", json=secret)
        response.raise_for_status()
        return str(response.json()["access_token"])

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

"""Signing out at the identity provider too (RP-Initiated Logout, decision 0047), against the
real loopback provider (oidc-provider-mock, whose discovery names an end_session_endpoint) and
real Postgres: a session opened through the provider answers the provider's end-session URL
with client_id and the web app's signed-out page; a password session answers none; and an
endpoint at an address identity providers may not reach is never handed to a browser."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from custody_platform.addresses import Reach
from custody_platform.unit_of_work import UnitOfWork
from gateway.adapters.oidc_provider import OidcProviders
from gateway.adapters.orm import User, UserSession
from gateway.service_layer import oidc_sign_out

from .conftest import OIDC_WEB, PASSWORD, People, bearer
from .test_mfa_api import enrol, later_code, second
from .test_oidc_api import CALLBACK, code_for, configured, provider_says

pytestmark = pytest.mark.integration

LOGOUT = "/api/v1/auth/logout"
SIGNED_OUT = f"{OIDC_WEB}/sign-in?signed_out=1"


async def test_a_provider_session_ends_at_the_provider_a_password_one_does_not(
    staff: People, issuer: str
) -> None:
    org_id, admin, domain = await configured(staff, issuer)
    shown = await staff.http.get(f"/api/v1/orgs/{org_id}/identity-provider", headers=bearer(admin))
    assert shown.json()["post_logout_redirect_uri"] == SIGNED_OUT
    email = f"scully@{domain}"
    provider_says(issuer, email, groups=["detectives"])
    state, code = await code_for(staff.http, email)
    signed = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    token = signed.json()["access_token"]

    out = await staff.http.post(LOGOUT, headers=bearer(token))
    assert out.status_code == 200, out.text
    url = urlsplit(out.json()["end_session_url"])
    async with httpx.AsyncClient() as client:
        found = await client.get(f"{issuer}/.well-known/openid-configuration")
    discovered = found.json()
    assert f"{url.scheme}://{url.netloc}{url.path}" == discovered["end_session_endpoint"]
    assert parse_qs(url.query) == {
        "client_id": ["custody"],
        "post_logout_redirect_uri": [SIGNED_OUT],
    }
    assert (await staff.http.get("/api/v1/users/me", headers=bearer(token))).status_code == 401
    again = await staff.http.post(LOGOUT, headers=bearer(token))
    assert again.status_code == 401  # the session is gone: nothing more to end

    # The organization's admin signed in with a password: nothing to end at the provider.
    password_out = await staff.http.post(LOGOUT, headers=bearer(admin))
    assert password_out.status_code == 200 and password_out.json() == {"end_session_url": None}


async def test_a_provider_sign_in_finished_with_a_second_factor_still_ends_at_the_provider(
    staff: People, issuer: str
) -> None:
    _, _, domain = await configured(staff, issuer)
    email = f"skinner@{domain}"
    provider_says(issuer, email, groups=["detectives"])  # no "amr": the provider used one factor
    state, code = await code_for(staff.http, email)
    first = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    app, _ = await enrol(staff.http, first.json()["access_token"])
    state, code = await code_for(staff.http, email)
    asked = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    assert asked.status_code == 401 and asked.json()["type"].endswith("mfa_required")
    signed = await second(staff.http, asked.json()["mfa_token"], code=later_code(app))
    assert signed.status_code == 200, signed.text
    out = await staff.http.post(LOGOUT, headers=bearer(signed.json()["access_token"]))
    assert out.json()["end_session_url"].startswith(f"{issuer}/")


@pytest.fixture
def discovery_naming() -> Iterator[Callable[[str], str]]:
    """A provider on loopback whose discovery document names the given end-session endpoint
    (served for real over HTTP); answers its issuer."""
    served: dict[str, str] = {}

    class Discovery(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = served["issuer"]
            body = json.dumps({
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "jwks_uri": f"{base}/jwks",
                "end_session_endpoint": served["end_session"],
            }).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Discovery)
    served["issuer"] = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def naming(end_session: str) -> str:
        served["end_session"] = end_session
        return served["issuer"]

    yield naming
    server.shutdown()


@pytest.mark.parametrize(
    ("endpoint", "sent"),
    [
        ("http://169.254.169.254/logout", False),  # a cloud metadata address
        ("http://10.1.2.3/logout", False),  # a private one
        ("javascript:alert(1)", False),
        ("http://127.0.0.1:9/oauth2/logout?tenant=a", True),  # loopback: allowed in tests
    ],
)
async def test_the_end_session_endpoint_is_checked_like_the_providers_other_endpoints(
    staff: People,
    uow_factory: Callable[[], UnitOfWork],
    discovery_naming: Callable[[str], str],
    endpoint: str,
    sent: bool,
) -> None:
    provider = discovery_naming(endpoint)
    org_id, _, _ = await configured(staff, provider)
    user = User(org_id=uuid.UUID(org_id), email="x@example.org", display_name="X",
                password_hash=PASSWORD, roles=["investigator"])  # fmt: skip
    now = datetime.now(UTC)
    ended = UserSession(user_id=user.id, refresh_sha256="", created_at=now, last_seen_at=now,
                        expires_at=now, oidc_issuer=provider)  # fmt: skip
    providers = OidcProviders(httpx.AsyncClient(trust_env=False), Reach(True, True))
    async with uow_factory() as uow:
        url = await oidc_sign_out.end_session_url(uow, providers, (ended, user), SIGNED_OUT)
    if sent:
        assert url is not None and url.startswith(f"{endpoint}&client_id=custody")
    else:
        assert url is None

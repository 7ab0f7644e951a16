"""Guest invitations over HTTP against real Postgres: invite, accept once, log in as a guest."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from custody_platform.grpc.client import GrpcClient
from custody_platform.unit_of_work import UnitOfWork
from gateway.adapters.clients import Upstream
from gateway.entrypoints.http_api import create_app
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer, make_settings

pytestmark = pytest.mark.integration


async def test_an_owner_org_invites_a_guest_who_accepts_once(
    people: People, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor Mall")
    _, admin = await people.user(org_id, "org_admin")
    email = f"Det-{uuid.uuid4().hex[:6]}@Metro.example"
    invite = {"email": email, "display_name": "Det. Ruiz", "agency": "Metro PD"}
    issued = await people.http.post(
        f"/api/v1/orgs/{org_id}/guests", json=invite, headers=bearer(admin)
    )
    assert issued.status_code == 201, issued.text
    assert issued.json()["email_queued"] is False  # this gateway knows no web app to link to
    token = issued.json()["token"]
    accept = {"token": token, "password": PASSWORD}
    guest = await people.http.post("/api/v1/guests/accept", json=accept)
    assert guest.status_code == 201, guest.text
    assert (guest.json()["org_id"], guest.json()["roles"]) == (org_id, ["guest"])
    again = await people.http.post("/api/v1/guests/accept", json=accept)
    assert again.status_code == 404
    me = await people.http.get("/api/v1/users/me", headers=bearer(await people.login(email)))
    assert me.json()["email"] == email.lower()
    async with engine.connect() as conn:
        stored = (
            (await conn.execute(text("SELECT token_sha256 FROM gateway.guest_invitations")))
            .scalars()
            .all()
        )
    assert token not in stored  # only the hash is kept


async def test_only_the_orgs_admins_invite_and_bad_input_stores_nothing(
    people: People, engine: AsyncEngine
) -> None:
    org_id, other_org = await people.org(), await people.org()
    _, investigator = await people.user(org_id, "investigator")
    _, other_admin = await people.user(other_org, "org_admin")
    invite = {"email": "x@example.org", "display_name": "X", "agency": "A"}
    url = f"/api/v1/orgs/{org_id}/guests"
    assert (
        await people.http.post(url, json=invite, headers=bearer(investigator))
    ).status_code == 403
    assert (
        await people.http.post(url, json=invite, headers=bearer(other_admin))
    ).status_code == 404
    bad = await people.http.post(
        url, json={**invite, "email": "not-an-email"}, headers=people.as_admin
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    forged = await people.http.post(
        "/api/v1/guests/accept", json={"token": "x" * 40, "password": PASSWORD}
    )
    assert forged.status_code == 404
    async with engine.connect() as conn:
        query = text("SELECT email FROM gateway.guest_invitations WHERE org_id = :o")
        stored = (await conn.execute(query, {"o": org_id})).scalars().all()
    assert stored == []


async def test_a_superadmin_inviting_into_an_unknown_organization_gets_404(
    people: People,
) -> None:
    """It was a 500: the invitation's foreign key failed on insert."""
    invite = {"email": f"x-{uuid.uuid4().hex[:6]}@x.example", "display_name": "X", "agency": "Y"}
    response = await people.http.post(
        f"/api/v1/orgs/{uuid.uuid4()}/guests", json=invite, headers=people.as_admin
    )
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"


WEB = "http://web.test"


@pytest.fixture
async def linked_http(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway that knows the web app's address, so invitations are emailed."""
    settings = make_settings(migrated, web_public_url=WEB)
    upstream = Upstream(GrpcClient(), settings)
    app = create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client
    await upstream.close()


async def test_the_invitation_email_is_queued_with_the_invitation_and_only_it_holds_the_token(
    people: People, linked_http: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor Mall")
    admin_id, admin = await people.user(org_id, "org_admin")
    invite = {
        "email": f"det-{uuid.uuid4().hex[:6]}@metro.example",
        "display_name": "Det. Ruiz",
        "agency": "Metro PD",
    }
    issued = await linked_http.post(
        f"/api/v1/orgs/{org_id}/guests", json=invite, headers=bearer(admin)
    )
    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert body["email_queued"] is True
    query = text(
        "SELECT topic, key, event_type, payload FROM gateway.outbox WHERE payload LIKE :id"
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query, {"id": f"%{body['id']}%"})).all()
    by_type = {row.event_type: row for row in rows}
    assert set(by_type) == {"gateway.guest_invited.v1", "audit.record.v1"}
    invited = by_type["gateway.guest_invited.v1"]
    assert (invited.topic, invited.key) == ("gateway.events", body["id"])
    event = json.loads(invited.payload)
    link = urlsplit(event["accept_url"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{WEB}/invitations/accept"
    assert parse_qs(link.query) == {"token": [body["token"]]}
    assert (event["email"], event["agency"], event["invited_by"]) == (
        invite["email"],
        "Metro PD",
        admin_id,
    )
    assert event["org_name"].startswith("Harbor Mall") and event["inviter_name"] == "U"
    # The ledger keeps its records forever: the token must never be in one.
    assert body["token"] not in by_type["audit.record.v1"].payload

"""The directory over HTTP against the real Postgres: an organization's public card (name and
contact) for every signed-in user, kept by its org admins, found by name, and carried by the
cameras of search results and the map (from one query per page, whatever its size)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.grpc import GrpcClient, start_grpc_server
from custody_platform.unit_of_work import UnitOfWork
from gateway.adapters.clients import Upstream
from gateway.entrypoints.http_api import create_app
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import People, bearer, make_settings

pytestmark = pytest.mark.integration

CONTACT = {"contact_name": "Dispatch desk", "contact_email": "desk@harbor.example"}


async def test_an_org_admin_keeps_the_public_contact(people: People, engine: AsyncEngine) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    _, investigator = await people.user(org_id, "investigator")
    _, stranger = await people.user(await people.org("Rival"), "org_admin")
    path = f"/api/v1/orgs/{org_id}"

    changed = await people.http.patch(path, json=CONTACT, headers=bearer(admin))
    assert changed.status_code == 200, changed.text
    assert changed.json()["contact"] == {
        "name": "Dispatch desk",
        "email": "desk@harbor.example",
        "phone": "",
    }
    phone = await people.http.patch(
        path, json={"contact_phone": "+1 (514) 555-0100"}, headers=bearer(admin)
    )
    assert phone.json()["contact"]["name"] == "Dispatch desk"  # left out: kept
    assert phone.json()["contact"]["phone"] == "+1 (514) 555-0100"

    refused = {
        "investigator": await people.http.patch(path, json=CONTACT, headers=bearer(investigator)),
        "stranger": await people.http.patch(path, json=CONTACT, headers=bearer(stranger)),
        "bad email": await people.http.patch(
            path, json={"contact_email": "not an email"}, headers=bearer(admin)
        ),
    }
    assert {k: r.status_code for k, r in refused.items()} == {
        "investigator": 403,
        "stranger": 404,
        "bad email": 422,
    }
    card = (await people.http.get(path, headers=bearer(admin))).json()
    assert card["contact"]["email"] == "desk@harbor.example"
    async with engine.connect() as conn:
        actions = await conn.execute(
            text("SELECT payload::jsonb->>'action' FROM gateway.outbox WHERE key = :id"),
            {"id": org_id},
        )
        assert sorted(actions.scalars()).count("org.contact_changed") == 2


async def test_any_signed_in_user_reads_the_card_members_see_more(people: People) -> None:
    org_id = await people.org("Harbor")
    _, admin = await people.user(org_id, "org_admin")
    await people.http.patch(f"/api/v1/orgs/{org_id}", json=CONTACT, headers=bearer(admin))
    _, member = await people.user(org_id, "investigator")
    _, outsider = await people.user(await people.org("Rival"), "investigator")

    own = (await people.http.get(f"/api/v1/orgs/{org_id}", headers=bearer(member))).json()
    theirs = (await people.http.get(f"/api/v1/orgs/{org_id}", headers=bearer(outsider))).json()
    assert own["created_at"] and theirs["created_at"] is None
    assert theirs["name"] == own["name"] and theirs["contact"]["name"] == "Dispatch desk"
    missing = await people.http.get(f"/api/v1/orgs/{uuid.uuid4()}", headers=bearer(outsider))
    assert missing.status_code == 404


async def test_organizations_are_found_by_name(people: People) -> None:
    tag = uuid.uuid4().hex[:6]
    wanted = await people.org(f"Harbor_{tag} Mall")
    await people.org(f"Other {tag}")
    _, token = await people.user(await people.org(), "investigator")
    for name in (f"harbor_{tag}", f"eR_{tag}"):  # "_" is no LIKE wildcard: no "Other"
        found = await people.http.get("/api/v1/orgs", params={"name": name}, headers=bearer(token))
        assert found.status_code == 200
        ids = [card["id"] for card in found.json()["items"]]
        assert ids == ([wanted] if name.startswith("harbor") else [])
    blank = await people.http.get("/api/v1/orgs", params={"name": ""}, headers=bearer(token))
    assert blank.status_code == 422


class Registry(registry_pb2_grpc.RegistryServicer):
    """Answers with one camera per owner in ``owners``, plus one of an unknown organization."""

    def __init__(self) -> None:
        self.owners: list[str] = []

    def _cameras(self) -> list[registry_pb2.Camera]:
        return [
            registry_pb2.Camera(id=str(uuid.uuid4()), org_id=owner, name=f"Camera {i}")
            for i, owner in enumerate([*self.owners, str(uuid.uuid4())])
        ]

    async def SearchCameras(self, request: Any, context: Any) -> Any:
        hits = [registry_pb2.CameraHit(camera=c, distance_m=1.0) for c in self._cameras()]
        return registry_pb2.SearchCamerasResponse(hits=hits)

    async def MapCameras(self, request: Any, context: Any) -> Any:
        return registry_pb2.MapCamerasResponse(cameras=self._cameras())


@pytest.fixture
async def registry(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[tuple[Registry, httpx.AsyncClient]]:
    fake = Registry()
    server = await start_grpc_server(
        [(registry_pb2_grpc.add_RegistryServicer_to_server, fake)],
        port=0,
        service_name="registry",
        host="127.0.0.1",
    )
    settings = make_settings(migrated, registry_grpc_addr=f"127.0.0.1:{server.port}")
    upstream = Upstream(GrpcClient(), settings)
    app = create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield fake, client
    await upstream.close()
    await server.stop(None)


async def test_cameras_carry_their_owners_card_from_one_query(
    people: People, registry: tuple[Registry, httpx.AsyncClient], engine: AsyncEngine
) -> None:
    fake, client = registry
    owners = [await people.org(f"Owner {i}") for i in range(5)]
    _, admin = await people.user(owners[0], "org_admin")
    await people.http.patch(f"/api/v1/orgs/{owners[0]}", json=CONTACT, headers=bearer(admin))
    fake.owners = owners
    _, token = await people.user(await people.org(), "investigator")
    reads: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # The per-request session check reads its organization's MFA requirement: not counted.
        if "gateway.organizations" in statement and "gateway.sessions" not in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        search = await client.get(
            "/api/v1/cameras/search",
            params={"latitude": 1, "longitude": 2, "radius_m": 100},
            headers=bearer(token),
        )
        view = await client.get(
            "/api/v1/cameras/map",
            params={"south": 0, "west": 1, "north": 2, "east": 3, "zoom": 12},
            headers=bearer(token),
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert search.status_code == 200 and view.status_code == 200, (search.text, view.text)
    assert len(reads) == 2  # one per page, not one per camera
    for cameras in (search.json()["items"], view.json()["cameras"]):
        names = [c["owner_name"] for c in cameras]
        assert names[:5] == [name for name in names[:5] if name.startswith("Owner ")]
        assert len(set(names[:5])) == 5 and names[5] == ""  # an owner unknown here: no card
        assert cameras[0]["owner_contact"]["email"] == "desk@harbor.example"
    assert view.json()["count"] == 6 and view.json()["cells"] == []

"""Proxy routes against small in-test servicers of the real generated stubs on a real gRPC
server: the principal travels in metadata, errors become problems, downloads stream.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from custody_contracts.grpc import (
    evidence_pb2,
    evidence_pb2_grpc,
    registry_pb2,
    registry_pb2_grpc,
    requests_pb2_grpc,
)
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound, PermissionDenied
from custody_platform.grpc import GrpcClient, GrpcServer, current_principal, start_grpc_server
from custody_platform.unit_of_work import UnitOfWork
from gateway.adapters.clients import Upstream
from gateway.entrypoints.http_api import create_app
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import People, bearer, make_settings

pytestmark = pytest.mark.integration

CONTENT = b"".join(bytes([i % 251]) * 1000 for i in range(300))  # 300 kB in 3 chunks
OWNER = str(uuid.uuid4())


class Registry(registry_pb2_grpc.RegistryServicer):
    def __init__(self) -> None:
        self.callers: list[Principal] = []

    async def CreateCamera(self, request: Any, context: Any) -> registry_pb2.Camera:
        self.callers.append(current_principal())
        org = str(current_principal().org_id)
        return registry_pb2.Camera(
            id=str(uuid.uuid4()),
            org_id=org,
            name=request.name,
            kind=request.kind,
            device_id=request.device_id,
            channel=request.channel,
            status="active",
        )

    async def SearchCameras(self, request: Any, context: Any) -> Any:
        camera = registry_pb2.Camera(
            id=str(uuid.uuid4()), org_id=OWNER, name="Lobby", device_id=str(uuid.uuid4()), channel=1
        )
        return registry_pb2.SearchCamerasResponse(
            hits=[registry_pb2.CameraHit(camera=camera, distance_m=12.5)]
        )


class Requests(requests_pb2_grpc.RequestsServicer):
    async def ApproveLineItem(self, request: Any, context: Any) -> Any:
        raise Conflict("line item already decided", current_state="approved")


class Evidence(evidence_pb2_grpc.EvidenceServicer):
    def __init__(self) -> None:
        self.downloads: list[tuple[str, str]] = []

    async def GetEvidence(self, request: Any, context: Any) -> evidence_pb2.EvidenceItem:
        if request.id.startswith("0"):
            raise NotFound("evidence not found")
        return evidence_pb2.EvidenceItem(
            id=request.id,
            filename="../clip 1.mp4",
            content_type="video/mp4",
            size=len(CONTENT),
            sha256=hashlib.sha256(CONTENT).hexdigest(),
            permission="download",
        )

    async def DownloadEvidence(self, request: Any, context: Any) -> AsyncIterator[Any]:
        if request.id.startswith("f"):
            raise PermissionDenied("view only")
        self.downloads.append((request.id, request.source_address))
        for i in range(0, len(CONTENT), 100_000):
            yield evidence_pb2.EvidenceChunk(data=CONTENT[i : i + 100_000])


@pytest.fixture
async def upstream_server() -> AsyncIterator[tuple[GrpcServer, Registry, Evidence]]:
    registry, evidence = Registry(), Evidence()
    server = await start_grpc_server(
        [
            (registry_pb2_grpc.add_RegistryServicer_to_server, registry),
            (requests_pb2_grpc.add_RequestsServicer_to_server, Requests()),
            (evidence_pb2_grpc.add_EvidenceServicer_to_server, evidence),
        ],
        port=0,
        service_name="upstream",
        host="127.0.0.1",
    )
    yield server, registry, evidence
    await server.stop(None)


@pytest.fixture
async def proxied(
    migrated: str,
    uow_factory: Callable[[], UnitOfWork],
    upstream_server: Any,
    engine: AsyncEngine,
) -> AsyncIterator[httpx.AsyncClient]:
    address = f"127.0.0.1:{upstream_server[0].port}"
    settings = make_settings(
        migrated,
        registry_grpc_addr=address,
        requests_grpc_addr=address,
        evidence_grpc_addr=address,
        audit_grpc_addr="127.0.0.1:1",  # nothing listens there
    )
    upstream = Upstream(GrpcClient(), settings)
    app = create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client
    await upstream.close()


async def test_create_camera_forwards_the_principal(
    proxied: httpx.AsyncClient, people: People, upstream_server: Any
) -> None:
    org_id = await people.org()
    user_id, token = await people.user(org_id, "org_admin")
    device = str(uuid.uuid4())
    body = {
        "name": "Gate",
        "kind": "fixed",
        "latitude": 1,
        "longitude": 2,
        "device_id": device,
        "channel": 3,
    }
    reply = await proxied.post("/api/v1/cameras", json=body, headers=bearer(token))
    assert reply.status_code == 201, reply.text
    assert (reply.json()["device_id"], reply.json()["channel"]) == (device, 3)
    caller = upstream_server[1].callers[-1]
    assert (str(caller.user_id), str(caller.org_id), caller.roles) == (
        user_id,
        org_id,
        {"org_admin"},
    )


async def test_only_org_admins_create_cameras(proxied: httpx.AsyncClient, people: People) -> None:
    _, token = await people.user(await people.org(), "investigator")
    body = {"name": "Gate", "kind": "fixed", "latitude": 1, "longitude": 2}
    reply = await proxied.post("/api/v1/cameras", json=body, headers=bearer(token))
    assert reply.status_code == 403


async def test_search_hides_other_orgs_source_binding(
    proxied: httpx.AsyncClient, people: People
) -> None:
    _, token = await people.user(await people.org(), "investigator")
    query = {"latitude": 1.0, "longitude": 2.0, "radius_m": 500}
    reply = await proxied.get("/api/v1/cameras/search", params=query, headers=bearer(token))
    assert reply.status_code == 200
    [hit] = reply.json()["items"]
    assert (hit["org_id"], hit["distance_m"], hit["device_id"], hit["channel"]) == (
        OWNER,
        12.5,
        None,
        None,
    )


async def test_conflict_carries_the_current_state(
    proxied: httpx.AsyncClient, people: People
) -> None:
    _, token = await people.user(await people.org(), "approver")
    url = f"/api/v1/requests/{uuid.uuid4()}/line-items/{uuid.uuid4()}/approve"
    reply = await proxied.post(url, json={"permission": "download"}, headers=bearer(token))
    assert reply.status_code == 409
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["current_state"] == "approved"


async def test_download_streams_verified_bytes(
    proxied: httpx.AsyncClient, people: People, upstream_server: Any
) -> None:
    _, token = await people.user(await people.org(), "investigator")
    evidence_id = "a" + str(uuid.uuid4())[1:]
    reply = await proxied.get(f"/api/v1/evidence/{evidence_id}/download", headers=bearer(token))
    assert reply.status_code == 200
    assert reply.content == CONTENT
    assert reply.headers["x-content-sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert reply.headers["content-length"] == str(len(CONTENT))
    assert reply.headers["content-type"] == "video/mp4"
    assert reply.headers["content-disposition"] == 'attachment; filename="clip_1.mp4"'
    assert upstream_server[2].downloads == [(evidence_id, "203.0.113.9")]


@pytest.mark.parametrize(("first_digit", "status"), [("0", 404), ("f", 403)])
async def test_download_errors_before_the_first_byte_are_problems(
    proxied: httpx.AsyncClient, people: People, first_digit: str, status: int
) -> None:
    _, token = await people.user(await people.org(), "investigator")
    evidence_id = first_digit + str(uuid.uuid4())[1:]
    reply = await proxied.get(f"/api/v1/evidence/{evidence_id}/download", headers=bearer(token))
    assert reply.status_code == status
    assert reply.headers["content-type"] == "application/problem+json"


async def test_unreachable_service_is_503(proxied: httpx.AsyncClient, people: People) -> None:
    _, token = await people.user(await people.org(), "investigator")
    reply = await proxied.get(
        "/api/v1/audit/records", params={"object_id": "x"}, headers=bearer(token)
    )
    assert reply.status_code == 503
    assert reply.json()["type"] == "urn:custody:problem:upstream_unavailable"


async def test_proxy_routes_need_a_token(proxied: httpx.AsyncClient) -> None:
    for path in ("/api/v1/cases", f"/api/v1/evidence/{uuid.uuid4()}/download", "/api/v1/requests"):
        assert (await proxied.get(path)).status_code == 401

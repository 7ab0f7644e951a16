"""The Registry servicer on a real gRPC server: principal in metadata, errors as status codes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors, start_grpc_server
from registry.entrypoints.grpc_api import RegistryServicer

from .conftest import person

pytestmark = pytest.mark.integration


@pytest.fixture
async def stub(uow_factory) -> AsyncIterator[registry_pb2_grpc.RegistryStub]:
    server = await start_grpc_server(
        [(registry_pb2_grpc.add_RegistryServicer_to_server, RegistryServicer(uow_factory))],
        port=0,
        service_name="registry",
        host="127.0.0.1",
    )
    async with GrpcClient() as client:
        yield registry_pb2_grpc.RegistryStub(client.channel(f"127.0.0.1:{server.port}"))
    await server.stop(None)


def _create(device_id: str = "", visibility: str = "") -> registry_pb2.CreateCameraRequest:
    return registry_pb2.CreateCameraRequest(
        name="Harbor Mall P1",
        kind="fixed",
        latitude=45.5017,
        longitude=-73.5673,
        address="1 Harbor St",
        device_id=device_id,
        channel=1,
        visibility=visibility,
    )


async def test_create_get_and_search(stub):
    admin, investigator = person(None, "org_admin"), person(None, "investigator")
    device_id = str(uuid.uuid4())
    created = await stub.CreateCamera(_create(device_id), metadata=call_metadata(admin))
    assert (created.org_id, created.device_id, created.status) == (
        str(admin.org_id),
        device_id,
        "active",
    )
    assert created.visibility == "registry"
    fetched = await stub.GetCamera(
        registry_pb2.GetCameraRequest(id=created.id), metadata=call_metadata(investigator)
    )
    assert fetched == created
    found = await stub.SearchCameras(
        registry_pb2.SearchCamerasRequest(latitude=45.502, longitude=-73.567, radius_m=500),
        metadata=call_metadata(investigator),
    )
    assert [h.camera.id for h in found.hits] == [created.id]
    assert 0 < found.hits[0].distance_m < 500


async def test_errors_map_to_status_codes(stub):
    admin, outsider = person(None, "org_admin"), person(None, "investigator")
    private = await stub.CreateCamera(_create(visibility="private"), metadata=call_metadata(admin))
    with pytest.raises(NotFound), domain_errors():
        await stub.GetCamera(
            registry_pb2.GetCameraRequest(id=private.id), metadata=call_metadata(outsider)
        )
    with pytest.raises(PermissionDenied), domain_errors():
        await stub.CreateCamera(_create(), metadata=call_metadata(outsider))
    with pytest.raises(InvalidArgument, match="device_id"), domain_errors():
        await stub.CreateCamera(_create(device_id="not-a-uuid"), metadata=call_metadata(admin))
    with pytest.raises(InvalidArgument, match="radius_m"), domain_errors():
        await stub.SearchCameras(
            registry_pb2.SearchCamerasRequest(latitude=1, longitude=1, radius_m=60_000),
            metadata=call_metadata(admin),
        )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.GetCamera(registry_pb2.GetCameraRequest(id=private.id))
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED

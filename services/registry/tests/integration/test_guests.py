"""Guests on a real gRPC server: a guest carries the inviting org's id but is no member of it.
It sees what an outside investigator invited by that org would: the org's shared (partners)
cameras and the public registry, never the org's private cameras nor cameras other orgs
share with the org, and it changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import registry_pb2 as pb
from custody_platform.grpc import call_metadata

from .conftest import FakeDirectory, outbox, person

pytestmark = pytest.mark.integration

HERE = (45.5017, -73.5673)


def _camera(visibility: str, partners: tuple[uuid.UUID, ...] = ()) -> pb.CreateCameraRequest:
    return pb.CreateCameraRequest(
        name=f"{visibility} camera",
        kind="fixed",
        latitude=HERE[0],
        longitude=HERE[1],
        visibility=visibility,
        partner_org_ids=[str(p) for p in partners],
    )


@pytest.fixture
async def world(stub: Any, directory: FakeDirectory) -> dict[str, Any]:
    """The inviting org's cameras of every visibility, and another org's, one of which it
    shares with the inviting org."""
    org, other, third = directory.org(), directory.org(), directory.org()
    admin, other_admin = (
        call_metadata(person(org, "org_admin")),
        call_metadata(person(other, "org_admin")),
    )
    made = {
        "private": await stub.CreateCamera(_camera("private"), metadata=admin),
        "partners": await stub.CreateCamera(_camera("partners", (third,)), metadata=admin),
        "registry": await stub.CreateCamera(_camera("registry"), metadata=admin),
        "other_registry": await stub.CreateCamera(_camera("registry"), metadata=other_admin),
        "other_shared": await stub.CreateCamera(_camera("partners", (org,)), metadata=other_admin),
        "other_private": await stub.CreateCamera(_camera("private"), metadata=other_admin),
    }
    return {"org": org, "ids": {name: c.id for name, c in made.items()}}


VISIBLE = {"partners", "registry", "other_registry"}


async def _status(call: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call
    return err.value.code()


async def _search(stub: Any, md: Any) -> set[str]:
    request = pb.SearchCamerasRequest(latitude=HERE[0], longitude=HERE[1], radius_m=200)
    return {hit.camera.id for hit in (await stub.SearchCameras(request, metadata=md)).hits}


async def test_a_guest_sees_only_what_an_outside_investigator_would(
    stub: Any, world: dict[str, Any]
) -> None:
    ids, guest = world["ids"], call_metadata(person(world["org"], "guest"))
    assert await _search(stub, guest) == {ids[name] for name in VISIBLE}
    for name, camera_id in ids.items():
        call = stub.GetCamera(pb.GetCameraRequest(id=camera_id), metadata=guest)
        if name in VISIBLE:
            assert (await call).id == camera_id
        else:
            assert await _status(call) == grpc.StatusCode.NOT_FOUND, name
    policies = pb.GetRequestPoliciesRequest(camera_ids=[ids["private"]])
    assert await _status(stub.GetRequestPolicies(policies, metadata=guest)) == (
        grpc.StatusCode.NOT_FOUND
    )
    shared = pb.GetRequestPoliciesRequest(camera_ids=[ids["partners"], ids["registry"]])
    assert len((await stub.GetRequestPolicies(shared, metadata=guest)).policies) == 2


async def test_members_still_see_their_own_and_shared_cameras(
    stub: Any, world: dict[str, Any]
) -> None:
    ids, member = world["ids"], call_metadata(person(world["org"], "investigator"))
    assert await _search(stub, member) == {ids[n] for n in (*VISIBLE, "private", "other_shared")}


@pytest.mark.parametrize("roles", [("guest",), ("guest", "org_admin")])
async def test_a_guest_changes_and_lists_nothing_of_the_org(
    stub: Any, world: dict[str, Any], engine: Any, unique_schema: str, roles: tuple[str, ...]
) -> None:
    ids, md = world["ids"], call_metadata(person(world["org"], *roles))
    before = await outbox(engine, unique_schema)
    calls = {
        "CreateCamera": stub.CreateCamera(_camera("registry"), metadata=md),
        "UpdateCamera": stub.UpdateCamera(
            pb.UpdateCameraRequest(id=ids["registry"], camera=_camera("private")), metadata=md
        ),
        "RetireCamera": stub.RetireCamera(pb.RetireCameraRequest(id=ids["registry"]), metadata=md),
        "CreateCameraGroup": stub.CreateCameraGroup(pb.CameraGroupSpec(name="g"), metadata=md),
        "ListCameraGroups": stub.ListCameraGroups(pb.ListCameraGroupsRequest(), metadata=md),
        "AssignCamerasToGroup": stub.AssignCamerasToGroup(
            pb.AssignCamerasToGroupRequest(camera_ids=[ids["registry"]]), metadata=md
        ),
        "GetRequestSettings": stub.GetRequestSettings(pb.GetRequestSettingsRequest(), metadata=md),
        "PutRequestSettings": stub.PutRequestSettings(pb.RequestSettings(), metadata=md),
        "PublishRequestForm": stub.PublishRequestForm(
            pb.PublishRequestFormRequest(
                title="f", fields=[pb.FormField(key="a", label="A", type="text")]
            ),
            metadata=md,
        ),
        "ListRequestForms": stub.ListRequestForms(pb.ListRequestFormsRequest(), metadata=md),
        "SetThumbnail": stub.SetThumbnail(
            pb.SetThumbnailRequest(camera_id=ids["registry"], image=b"x"), metadata=md
        ),
        "ImportCameras": stub.ImportCameras(
            pb.ImportCamerasRequest(format="csv", data=b"name\n"), metadata=md
        ),
        "ExportCameras": stub.ExportCameras(pb.ExportCamerasRequest(format="csv"), metadata=md),
    }
    codes = {name: await _status(call) for name, call in calls.items()}
    assert codes == dict.fromkeys(calls, grpc.StatusCode.PERMISSION_DENIED)
    assert await outbox(engine, unique_schema) == before

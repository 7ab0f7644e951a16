"""The Registry servicer on a real gRPC server: principal in metadata, errors as status codes."""

from __future__ import annotations

import io
import uuid

import grpc
import pytest
from custody_contracts.grpc import registry_pb2
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.grpc import call_metadata, domain_errors
from PIL import Image

from .conftest import person

pytestmark = pytest.mark.integration


def _create(device_id: str = "", visibility: str = "") -> registry_pb2.CreateCameraRequest:
    return registry_pb2.CreateCameraRequest(
        name="Harbor Mall P1",
        kind="fixed",
        latitude=45.5017,
        longitude=-73.5673,
        address="1 Harbor St",
        device_id=device_id,
        channel=1 if device_id else 0,
        visibility=visibility,
    )


async def test_create_get_and_search(stub, directory):
    admin, investigator = person(None, "org_admin"), person(None, "investigator")
    device_id = str(directory.device(admin.org_id))
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


async def test_request_policies_and_form_validation(stub, directory):
    admin, investigator = person(None, "org_admin"), person(None, "investigator")
    meta = call_metadata(admin)
    camera = await stub.CreateCamera(_create(str(directory.device(admin.org_id))), metadata=meta)
    approver = str(directory.member(admin.org_id))
    await stub.PutRequestSettings(
        registry_pb2.RequestSettings(approver_user_ids=[approver], sla_hours=24), metadata=meta
    )
    found = await stub.GetRequestPolicies(
        registry_pb2.GetRequestPoliciesRequest(camera_ids=[camera.id]),
        metadata=call_metadata(investigator),
    )
    [policy] = found.policies
    assert (policy.owner_org_id, list(policy.approver_user_ids)) == (str(admin.org_id), [approver])
    assert (policy.max_span_hours, policy.sla_hours, policy.channel) == (12, 24, 1)
    assert (policy.camera_status, policy.camera_name) == ("active", "Harbor Mall P1")
    with pytest.raises(NotFound), domain_errors():
        await stub.GetRequestPolicies(
            registry_pb2.GetRequestPoliciesRequest(camera_ids=[camera.id, str(uuid.uuid4())]),
            metadata=call_metadata(investigator),
        )

    validate = registry_pb2.ValidateFormSubmissionRequest
    none = await stub.ValidateFormSubmission(
        validate(owner_org_id=str(admin.org_id), answers_json="{}"), metadata=meta
    )
    assert (none.form_version_id, none.normalized_answers_json) == ("", "{}")
    form = await stub.PublishRequestForm(
        registry_pb2.PublishRequestFormRequest(
            title="Video request",
            fields=[
                registry_pb2.FormField(key="case", label="Case", type="text", required=True),
                registry_pb2.FormField(key="count", label="N", type="number", min=1, max=5),
            ],
        ),
        metadata=meta,
    )
    ok = await stub.ValidateFormSubmission(
        validate(owner_org_id=str(admin.org_id), answers_json='{"case": " A-1 ", "count": 2}'),
        metadata=call_metadata(investigator),
    )
    assert ok.form_version_id == form.id
    assert ok.normalized_answers_json == '{"case": "A-1", "count": 2}'
    with (
        pytest.raises(
            InvalidArgument,
            match=r"x: unknown field; case: is required; count: must be within 1..5",
        ),
        domain_errors(),
    ):
        await stub.ValidateFormSubmission(
            validate(owner_org_id=str(admin.org_id), answers_json='{"count": 9, "x": 1}'),
            metadata=call_metadata(investigator),
        )


async def test_full_camera_model_groups_thumbnails_and_bulk(stub, directory):
    admin, partner = person(None, "org_admin"), person(directory.org(), "investigator")
    meta = call_metadata(admin)
    approver = str(directory.member(admin.org_id))
    group = await stub.CreateCameraGroup(
        registry_pb2.CameraGroupSpec(name="Dock", approver_user_ids=[approver]),
        metadata=meta,
    )
    create = registry_pb2.CreateCameraRequest(
        name="Dock 1",
        kind="in_car",
        latitude=45.5,
        longitude=-73.5,
        heading=45.0,
        field_of_view=120.0,
        contact="ops@example.org",
        retention_days=7,
        vms_device_id=str(directory.device(admin.org_id)),
        vms_camera_ref="cam/12",
        visibility="partners",
        partner_org_ids=[str(partner.org_id)],
        group_id=group.id,
    )
    camera = await stub.CreateCamera(create, metadata=meta)
    assert (camera.heading, camera.vms_camera_ref, camera.group_id) == (45.0, "cam/12", group.id)
    seen = await stub.GetCamera(
        registry_pb2.GetCameraRequest(id=camera.id), metadata=call_metadata(partner)
    )
    assert seen.id == camera.id
    create.ClearField("heading")
    update = registry_pb2.UpdateCameraRequest(id=camera.id, camera=create)
    updated = await stub.UpdateCamera(update, metadata=meta)
    assert not updated.HasField("heading")
    [listed] = (
        await stub.ListCameraGroups(registry_pb2.ListCameraGroupsRequest(), metadata=meta)
    ).groups
    assert listed.camera_count == 1

    png = io.BytesIO()
    Image.new("RGB", (64, 48)).save(png, "PNG")
    with_thumb = await stub.SetThumbnail(
        registry_pb2.SetThumbnailRequest(camera_id=camera.id, image=png.getvalue()), metadata=meta
    )
    assert with_thumb.has_thumbnail
    thumb = await stub.GetThumbnail(
        registry_pb2.GetThumbnailRequest(camera_id=camera.id), metadata=call_metadata(partner)
    )
    assert thumb.jpeg[:3] == b"\xff\xd8\xff" and len(thumb.sha256) == 64

    exported = await stub.ExportCameras(
        registry_pb2.ExportCamerasRequest(format="csv"), metadata=meta
    )
    assert b"Dock 1" in exported.data and exported.content_type.startswith("text/csv")
    imported = await stub.ImportCameras(
        registry_pb2.ImportCamerasRequest(format="csv", data=exported.data, dry_run=True),
        metadata=meta,
    )
    assert (imported.valid_rows, list(imported.problems)) == (1, [])
    retired = await stub.RetireCamera(registry_pb2.RetireCameraRequest(id=camera.id), metadata=meta)
    assert retired.status == "retired"
    with pytest.raises(Conflict), domain_errors():
        await stub.RetireCamera(registry_pb2.RetireCameraRequest(id=camera.id), metadata=meta)

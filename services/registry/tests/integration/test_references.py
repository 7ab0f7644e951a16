"""References to what other services own are checked where it lives before anything is
stored: approvers are members of the caller's organization, a camera's devices are its
devices, partner and auto-approved organizations exist. Another organization's user or device
answers exactly like an unknown one."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from custody_contracts.grpc import registry_pb2
from custody_platform.errors import InvalidArgument
from custody_platform.grpc import call_metadata, domain_errors
from custody_platform.unit_of_work import committed
from registry.domain.cameras import CameraSpec
from registry.domain.policies import RequestSettings
from registry.service_layer import bulk, cameras, groups, policies

from .conftest import FakeDirectory, outbox, person

pytestmark = pytest.mark.integration

SPEC = CameraSpec(name="Gate", kind="fixed", latitude=45.5, longitude=-73.5)


def _strangers(directory: FakeDirectory, org: uuid.UUID) -> dict[str, uuid.UUID]:
    """User ids that are no approver of ``org``: another org's user, an unknown id, a guest."""
    return {
        "foreign": directory.member(uuid.uuid4()),
        "unknown": uuid.uuid4(),
        "guest": directory.member(org, guest=True),
    }


async def test_settings_take_only_members_of_the_org_as_approvers(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    own = directory.member(admin.org_id)
    saved = await committed(
        uow_factory, policies.put_settings, directory, admin, RequestSettings(admin.org_id, (own,))
    )
    before = await outbox(engine, unique_schema)
    for stranger in _strangers(directory, admin.org_id).values():
        wanted = RequestSettings(admin.org_id, (own, stranger), sla_hours=5)
        with pytest.raises(InvalidArgument, match=f"approver_user_ids: .*{stranger}") as raised:
            await committed(uow_factory, policies.put_settings, directory, admin, wanted)
        assert str(own) not in str(raised.value)
    assert await committed(uow_factory, policies.get_settings, admin) == saved
    assert await outbox(engine, unique_schema) == before


async def test_groups_take_only_members_of_the_org_as_approvers(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    own = directory.member(admin.org_id)
    group = await committed(uow_factory, groups.create_group, directory, admin, "Dock", (own,))
    before = await outbox(engine, unique_schema)
    for stranger in _strangers(directory, admin.org_id).values():
        with pytest.raises(InvalidArgument, match="approver_user_ids"):
            await committed(uow_factory, groups.create_group, directory, admin, "Yard", (stranger,))
        with pytest.raises(InvalidArgument, match="approver_user_ids"):
            await committed(
                uow_factory, groups.update_group, directory, admin, group.id, "Dock", (stranger,)
            )
    [(listed, _)] = await committed(uow_factory, groups.list_groups, admin)
    assert listed.approver_user_ids == (own,)
    assert await outbox(engine, unique_schema) == before


@pytest.mark.parametrize(
    ("field", "binding"),
    [("device_id", {"channel": 1}), ("vms_device_id", {"vms_camera_ref": "cam/1"})],
)
async def test_a_camera_binds_only_devices_of_the_org(
    uow_factory, engine, unique_schema, directory, field, binding
):
    admin = person(None, "org_admin")
    own = replace(SPEC, **{field: directory.device(admin.org_id), **binding})
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, own)
    before = await outbox(engine, unique_schema)
    for device in (directory.device(uuid.uuid4()), uuid.uuid4()):  # another org's, unknown
        wrong = replace(own, **{field: device})
        with pytest.raises(InvalidArgument, match=f"^{field}: .*{device}"):
            await committed(uow_factory, cameras.create_camera, directory, admin, wrong)
        with pytest.raises(InvalidArgument, match=f"^{field}: .*{device}"):
            await committed(uow_factory, cameras.update_camera, directory, admin, camera.id, wrong)
    assert await committed(uow_factory, cameras.get_camera, admin, camera.id) == camera
    assert await outbox(engine, unique_schema) == before


async def test_an_import_row_naming_a_device_of_another_org_imports_nothing(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    own, theirs = directory.device(admin.org_id), directory.device(uuid.uuid4())
    data = (
        "name,kind,latitude,longitude,device_id,channel,vms_device_id,vms_camera_ref\n"
        f"Door,fixed,45.5,-73.5,{own},1,,\n"
        f"Yard,fixed,45.5,-73.5,{theirs},1,,\n"
        f"Dock,fixed,45.5,-73.5,,0,{uuid.uuid4()},cam/3\n"
    ).encode()
    result = await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", data, dry_run=False
    )
    assert result.camera_ids == []
    assert [(p.line, p.reason.split(":")[0]) for p in result.problems] == [
        (3, "device_id"),
        (4, "vms_device_id"),
    ]
    assert await outbox(engine, unique_schema) == []


async def test_the_grpc_api_answers_invalid_argument_naming_the_field(stub, directory):
    admin = person(None, "org_admin")
    meta = call_metadata(admin)
    foreign_user, foreign_device = directory.member(uuid.uuid4()), directory.device(uuid.uuid4())
    settings = registry_pb2.RequestSettings(approver_user_ids=[str(foreign_user)])
    with pytest.raises(InvalidArgument, match="approver_user_ids"), domain_errors():
        await stub.PutRequestSettings(settings, metadata=meta)
    camera = registry_pb2.CreateCameraRequest(
        name="Gate", kind="fixed", latitude=1, longitude=1, device_id=str(foreign_device)
    )
    with pytest.raises(InvalidArgument, match="device_id"), domain_errors():
        await stub.CreateCamera(camera, metadata=meta)
    saved = await stub.GetRequestSettings(registry_pb2.GetRequestSettingsRequest(), metadata=meta)
    assert list(saved.approver_user_ids) == []


async def test_settings_auto_approve_only_organizations_that_exist(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    partner = directory.org()
    saved = await committed(
        uow_factory,
        policies.put_settings,
        directory,
        admin,
        RequestSettings(admin.org_id, auto_approve_org_ids=(partner,)),
    )
    before = await outbox(engine, unique_schema)
    unknown = uuid.uuid4()
    wanted = RequestSettings(admin.org_id, auto_approve_org_ids=(partner, unknown), sla_hours=5)
    with pytest.raises(InvalidArgument, match=f"^auto_approve_org_ids: .*{unknown}") as raised:
        await committed(uow_factory, policies.put_settings, directory, admin, wanted)
    assert str(partner) not in str(raised.value)
    assert await committed(uow_factory, policies.get_settings, admin) == saved
    assert await outbox(engine, unique_schema) == before


async def test_a_camera_is_shared_only_with_organizations_that_exist(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    shared = replace(SPEC, visibility="partners", partner_org_ids=(directory.org(),))
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, shared)
    before = await outbox(engine, unique_schema)
    unknown = uuid.uuid4()
    wrong = replace(shared, partner_org_ids=(*shared.partner_org_ids, unknown))
    with pytest.raises(InvalidArgument, match=f"^partner_org_ids: .*{unknown}"):
        await committed(uow_factory, cameras.create_camera, directory, admin, wrong)
    with pytest.raises(InvalidArgument, match=f"^partner_org_ids: .*{unknown}"):
        await committed(uow_factory, cameras.update_camera, directory, admin, camera.id, wrong)
    assert await committed(uow_factory, cameras.get_camera, admin, camera.id) == camera
    assert await outbox(engine, unique_schema) == before


async def test_an_import_row_naming_an_unknown_partner_imports_nothing(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    known, unknown = directory.org(), uuid.uuid4()
    data = (
        "name,kind,latitude,longitude,visibility,partner_org_ids\n"
        f"Door,fixed,45.5,-73.5,partners,{known}\n"
        f"Yard,fixed,45.5,-73.5,partners,{unknown}\n"
    ).encode()
    result = await committed(
        uow_factory, bulk.import_cameras, directory, admin, "csv", data, dry_run=False
    )
    assert result.camera_ids == []
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, f"partner_org_ids: no organization has id {unknown}")
    ]
    assert await outbox(engine, unique_schema) == []


async def test_the_grpc_api_refuses_unknown_organizations_naming_the_field(stub, directory):
    admin = person(None, "org_admin")
    meta = call_metadata(admin)
    unknown = str(uuid.uuid4())
    settings = registry_pb2.RequestSettings(auto_approve_org_ids=[unknown])
    with pytest.raises(InvalidArgument, match="auto_approve_org_ids"), domain_errors():
        await stub.PutRequestSettings(settings, metadata=meta)
    camera = registry_pb2.CreateCameraRequest(
        name="Gate",
        kind="fixed",
        latitude=1,
        longitude=1,
        visibility="partners",
        partner_org_ids=[unknown],
    )
    with pytest.raises(InvalidArgument, match="partner_org_ids"), domain_errors():
        await stub.CreateCamera(camera, metadata=meta)
    saved = await stub.GetRequestSettings(registry_pb2.GetRequestSettingsRequest(), metadata=meta)
    assert list(saved.auto_approve_org_ids) == []

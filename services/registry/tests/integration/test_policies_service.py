"""Groups, request settings and the per-camera policies, against real Postgres."""

from __future__ import annotations

import uuid

import pytest
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.cameras import CameraSpec
from registry.domain.policies import RequestSettings
from registry.service_layer import cameras, groups, policies

from .conftest import outbox, person

pytestmark = pytest.mark.integration


def _spec(**changes: object) -> CameraSpec:
    fields: dict[str, object] = {
        "name": "Gate",
        "kind": "fixed",
        "latitude": 45.5,
        "longitude": -73.5,
    }
    return CameraSpec(**{**fields, **changes})  # type: ignore[arg-type]


async def test_policy_comes_from_the_group_else_the_org(uow_factory, directory):
    admin = person(None, "org_admin")
    group_approver, org_approver = directory.member(admin.org_id), directory.member(admin.org_id)
    partner = directory.org()
    group = await committed(
        uow_factory, groups.create_group, directory, admin, "Parking", (group_approver,)
    )
    grouped = await committed(
        uow_factory,
        cameras.create_camera,
        directory,
        admin,
        _spec(
            group_id=group.id,
            retention_days=30,
            vms_device_id=directory.device(admin.org_id),
            vms_camera_ref="vms:7",
        ),
    )
    loose = await committed(
        uow_factory, cameras.create_camera, directory, admin, _spec(name="Lobby")
    )
    wanted = RequestSettings(
        admin.org_id, (org_approver,), (partner,), export_before_approval=True, sla_hours=48
    )
    await committed(uow_factory, policies.put_settings, directory, admin, wanted)
    investigator = person(None, "investigator")
    found = await committed(
        uow_factory, policies.request_policies, investigator, (loose.id, grouped.id)
    )
    assert [p.camera.id for p in found] == [loose.id, grouped.id]
    assert found[0].approver_user_ids == (org_approver,)
    assert found[1].approver_user_ids == (group_approver,)
    assert found[1].settings.auto_approve_org_ids == (partner,)
    assert found[1].settings.export_before_approval and found[1].settings.sla_hours == 48
    assert found[1].settings.max_span_hours == 12
    assert found[1].camera.vms_camera_ref == "vms:7"


async def test_defaults_until_saved_and_unknown_or_hidden_cameras_are_not_found(
    uow_factory, directory
):
    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, _spec())
    hidden = await committed(
        uow_factory, cameras.create_camera, directory, admin, _spec(visibility="private")
    )
    [policy] = await committed(uow_factory, policies.request_policies, person(), (camera.id,))
    assert policy.settings == RequestSettings(admin.org_id)
    for missing in (hidden.id, uuid.uuid4()):
        with pytest.raises(NotFound):
            await committed(uow_factory, policies.request_policies, person(), (camera.id, missing))
    [own] = await committed(uow_factory, policies.request_policies, admin, (hidden.id,))
    assert own.camera.id == hidden.id


async def test_settings_are_validated_and_audited(uow_factory, engine, unique_schema, directory):
    admin = person(None, "org_admin")
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory,
            policies.put_settings,
            directory,
            person(admin.org_id),
            RequestSettings(admin.org_id),
        )
    with pytest.raises(InvalidArgument, match=r"max_span_hours.*sla_hours"):
        bad = RequestSettings(admin.org_id, max_span_hours=-1, sla_hours=-5)
        await committed(uow_factory, policies.put_settings, directory, admin, bad)
    assert await outbox(engine, unique_schema) == []
    saved = await committed(
        uow_factory,
        policies.put_settings,
        directory,
        admin,
        RequestSettings(uuid.uuid4(), max_span_hours=0),
    )
    assert (saved.org_id, saved.max_span_hours) == (admin.org_id, 12)
    assert await committed(uow_factory, policies.get_settings, admin) == saved
    kinds = [kind for kind, _ in await outbox(engine, unique_schema)]
    assert kinds == ["registry.request_settings_changed.v1", "audit.record.v1"]


async def test_groups_belong_to_their_org(uow_factory, directory):
    admin, other = person(None, "org_admin"), person(None, "org_admin")
    group = await committed(uow_factory, groups.create_group, directory, admin, "Dock", ())
    with pytest.raises(Conflict):
        await committed(uow_factory, groups.create_group, directory, admin, "Dock", ())
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, _spec())
    theirs = await committed(uow_factory, cameras.create_camera, directory, other, _spec())
    assert await committed(uow_factory, groups.assign_cameras, admin, group.id, (camera.id,)) == (
        camera.id,
    )
    [(listed, count)] = await committed(uow_factory, groups.list_groups, admin)
    assert (listed.id, count) == (group.id, 1)
    assert await committed(uow_factory, groups.list_groups, other) == []
    with pytest.raises(NotFound):
        await committed(uow_factory, groups.assign_cameras, admin, group.id, (theirs.id,))
    with pytest.raises(NotFound):
        await committed(uow_factory, groups.assign_cameras, other, group.id, (theirs.id,))
    with pytest.raises(InvalidArgument, match="group_id"):
        await committed(
            uow_factory, cameras.create_camera, directory, other, _spec(group_id=group.id)
        )
    await committed(uow_factory, groups.assign_cameras, admin, None, (camera.id,))
    assert (await committed(uow_factory, cameras.get_camera, admin, camera.id)).group_id is None

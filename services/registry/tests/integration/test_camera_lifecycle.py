"""Update and retire: owner org admins only, events and audit in the same transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest
from custody_platform.errors import Conflict, InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.cameras import CameraSpec
from registry.service_layer import cameras

from .conftest import outbox, person

pytestmark = pytest.mark.integration

SPEC = CameraSpec(name="Gate", kind="fixed", latitude=45.5, longitude=-73.5)


async def test_update_changes_every_field_and_records_the_change(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, SPEC)
    partner = directory.org()
    wanted = replace(
        SPEC,
        name="Gate 2",
        heading=270.0,
        field_of_view=90.0,
        contact="security@example.org",
        retention_days=14,
        visibility="partners",
        partner_org_ids=(partner, partner),
    )
    updated = await committed(
        uow_factory, cameras.update_camera, directory, admin, camera.id, wanted
    )
    assert (updated.name, updated.heading, updated.partner_org_ids) == ("Gate 2", 270.0, (partner,))
    assert await committed(uow_factory, cameras.get_camera, admin, camera.id) == updated
    assert await committed(uow_factory, cameras.get_camera, person(partner), camera.id) == updated
    with pytest.raises(NotFound):
        await committed(uow_factory, cameras.get_camera, person(), camera.id)
    *_, (kind, event), (_, audit) = await outbox(engine, unique_schema)
    assert (kind, event["visibility"]) == ("registry.camera_updated.v1", "partners")
    assert audit["action"] == "camera.updated"
    assert audit["details"]["name"] == {"from": "Gate", "to": "Gate 2"}


async def test_only_the_owner_admin_changes_a_camera(uow_factory, engine, unique_schema, directory):
    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, SPEC)
    before = await outbox(engine, unique_schema)
    with pytest.raises(NotFound):
        await committed(
            uow_factory,
            cameras.update_camera,
            directory,
            person(None, "org_admin"),
            camera.id,
            SPEC,
        )
    with pytest.raises(NotFound):
        await committed(uow_factory, cameras.retire_camera, person(None, "org_admin"), camera.id)
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory, cameras.update_camera, directory, person(admin.org_id), camera.id, SPEC
        )
    with pytest.raises(InvalidArgument, match="heading"):
        await committed(
            uow_factory,
            cameras.update_camera,
            directory,
            admin,
            camera.id,
            replace(SPEC, heading=400),
        )
    assert await outbox(engine, unique_schema) == before


async def test_retired_cameras_leave_search_and_stop_changing(
    uow_factory, engine, unique_schema, directory
):
    from registry.domain.search import search_query

    admin = person(None, "org_admin")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, SPEC)
    retired = await committed(uow_factory, cameras.retire_camera, admin, camera.id)
    assert retired.status == "retired"
    page = await committed(
        uow_factory, cameras.search_cameras, admin, search_query(45.5, -73.5, 100)
    )
    assert page.hits == []
    with pytest.raises(Conflict) as raised:
        await committed(uow_factory, cameras.retire_camera, admin, camera.id)
    assert raised.value.current_state == "retired"
    with pytest.raises(Conflict):
        await committed(uow_factory, cameras.update_camera, directory, admin, camera.id, SPEC)
    kinds = [kind for kind, _ in await outbox(engine, unique_schema)]
    assert kinds[-2:] == ["registry.camera_retired.v1", "audit.record.v1"]

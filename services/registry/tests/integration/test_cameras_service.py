"""Use cases against real Postgres: state, events and audit in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.cameras import CameraSpec
from registry.service_layer import cameras

from .conftest import outbox, person

pytestmark = pytest.mark.integration

SPEC = CameraSpec(
    name="Harbor Mall entrance",
    kind="fixed",
    latitude=45.5017,
    longitude=-73.5673,
    address="1 Harbor St",
    channel=2,
)


async def test_create_camera_writes_row_event_and_audit(
    uow_factory, engine, unique_schema, directory
):
    admin = person(None, "org_admin")
    spec = replace(SPEC, device_id=directory.device(admin.org_id))
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, spec)
    assert await committed(uow_factory, cameras.get_camera, admin, camera.id) == camera
    (kind, registered), (audit_kind, audit) = await outbox(engine, unique_schema)
    assert kind == "registry.camera_registered.v1"
    assert registered["camera_id"] == str(camera.id)
    assert registered["org_id"] == str(admin.org_id)
    assert audit_kind == "audit.record.v1"
    assert (audit["action"], audit["object_id"]) == ("camera.created", str(camera.id))
    assert audit["actor_id"] == str(admin.user_id)
    assert audit["details"]["device_id"] == str(spec.device_id)


async def test_only_org_admins_publish_and_bad_input_changes_nothing(
    uow_factory, engine, unique_schema, directory
):
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory, cameras.create_camera, directory, person(None, "investigator"), SPEC
        )
    bad = CameraSpec(name="x", kind="drone", latitude=95, longitude=0)
    with pytest.raises(InvalidArgument, match=r"kind.*latitude"):
        await committed(
            uow_factory, cameras.create_camera, directory, person(None, "org_admin"), bad
        )
    assert await outbox(engine, unique_schema) == []


async def test_private_camera_is_not_found_by_other_orgs(uow_factory, directory):
    admin = person(None, "org_admin")
    private = CameraSpec("Back office", "ptz", latitude=1, longitude=1, visibility="private")
    camera = await committed(uow_factory, cameras.create_camera, directory, admin, private)
    with pytest.raises(NotFound):
        await committed(uow_factory, cameras.get_camera, person(None, "investigator"), camera.id)
    assert (
        await committed(uow_factory, cameras.get_camera, person(None, "service"), camera.id)
        == camera
    )
    assert (
        await committed(uow_factory, cameras.get_camera, person(admin.org_id), camera.id) == camera
    )
    with pytest.raises(NotFound):
        await committed(uow_factory, cameras.get_camera, admin, uuid.uuid4())

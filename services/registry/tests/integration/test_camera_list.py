"""The org admins' camera list against real Postgres: own cameras only, filters, name order
across pages, and the last change of each camera."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from custody_platform.errors import PermissionDenied
from custody_platform.unit_of_work import committed
from registry.domain.cameras import CameraSpec
from registry.domain.listing import list_query
from registry.service_layer import cameras, groups

from .conftest import person

pytestmark = pytest.mark.integration

SPEC = CameraSpec(name="x", kind="fixed", latitude=45.5, longitude=-73.5, address="1 Main St")
NAMES = ["bakery", "Harbor 100%", "harbor_east", "Pier", "alley", "Zoo gate", "pier 2"]


async def _create(uow_factory, directory, admin, name: str, **changes):
    spec = replace(SPEC, name=name, **changes)
    return await committed(uow_factory, cameras.create_camera, directory, admin, spec)


async def _names(uow_factory, admin, **filters) -> list[str]:
    """Every page, followed to the end two cameras at a time."""
    names, cursor = [], ""
    while True:
        query = list_query(limit=2, cursor=cursor, **filters)
        page = await committed(uow_factory, cameras.list_cameras, admin, query)
        names += [c.name for c in page.cameras]
        if not (cursor := page.next_cursor):
            return names


async def test_admins_page_through_their_own_cameras_by_name(uow_factory, directory):
    admin = person(None, "org_admin")
    for name in NAMES:
        await _create(uow_factory, directory, admin, name)
    await _create(uow_factory, directory, person(None, "org_admin"), "another org's")
    assert await _names(uow_factory, admin) == sorted(NAMES, key=str.lower)
    # Wildcards are plain text: "100%" matches one name, "_" no other than its own.
    assert await _names(uow_factory, admin, text="100%") == ["Harbor 100%"]
    assert await _names(uow_factory, admin, text="r_e") == ["harbor_east"]
    assert await _names(uow_factory, admin, text="MAIN st") == sorted(NAMES, key=str.lower)
    with pytest.raises(PermissionDenied):
        await committed(
            uow_factory, cameras.list_cameras, person(admin.org_id, "approver"), list_query()
        )


async def test_group_and_status_filters_and_the_last_change(uow_factory, directory):
    admin = person(None, "org_admin")
    pier, dock, shed = [
        await _create(uow_factory, directory, admin, n) for n in ("Pier", "Dock", "Shed")
    ]
    group = await committed(uow_factory, groups.create_group, directory, admin, "Harbor", ())
    await committed(uow_factory, groups.assign_cameras, admin, group.id, (pier.id, dock.id))
    retired = await committed(uow_factory, cameras.retire_camera, admin, shed.id)
    assert await _names(uow_factory, admin, group_id=group.id) == ["Dock", "Pier"]
    assert await _names(uow_factory, admin, ungrouped=True) == ["Shed"]
    assert await _names(uow_factory, admin, status="retired") == ["Shed"]
    assert await _names(uow_factory, admin, status="active") == ["Dock", "Pier"]
    page = await committed(uow_factory, cameras.list_cameras, admin, list_query())
    by_id = {c.id: c for c in page.cameras}
    assert page.total == 3
    assert by_id[pier.id].updated_at > pier.updated_at  # moved into the group
    assert by_id[shed.id].updated_at == retired.updated_at > shed.updated_at
    assert by_id[shed.id].created_at == shed.created_at
    assert uuid.UUID(int=0) not in by_id

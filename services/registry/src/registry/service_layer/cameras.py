"""Use cases of the registry: publish a camera, read one, search around a point."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_contracts.events import CameraRegistered
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.errors import NotFound, PermissionDenied
from custody_platform.unit_of_work import Actor, UnitOfWork

from registry.adapters.repository import CameraRepository
from registry.domain.cameras import (
    Camera,
    CameraHit,
    CameraSpec,
    SearchQuery,
    can_see,
    new_camera,
    sees_everything,
)


async def create_camera(uow: UnitOfWork, principal: Principal, spec: CameraSpec) -> Camera:
    """Publish a camera of the caller's organization (org admins only)."""
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org admin may publish cameras")
    camera = new_camera(spec, principal.org_id, datetime.now(UTC))
    async with uow:
        CameraRepository(uow.session).add(camera)
        uow.emit(_registered(camera))
        _audit_created(uow, principal, camera)
        await uow.commit()
    return camera


async def get_camera(uow: UnitOfWork, principal: Principal, camera_id: uuid.UUID) -> Camera:
    """A camera the caller may see; NotFound otherwise, so existence never leaks."""
    async with uow:
        camera = await CameraRepository(uow.session).get(camera_id)
    if camera is None or not can_see(camera, principal):
        raise NotFound("camera not found")
    return camera


async def search_cameras(
    uow: UnitOfWork, principal: Principal, query: SearchQuery
) -> list[CameraHit]:
    viewer_org = None if sees_everything(principal) else principal.org_id
    async with uow:
        return await CameraRepository(uow.session).search(query, viewer_org)


def _audit_created(uow: UnitOfWork, principal: Principal, camera: Camera) -> None:
    uow.audit(
        Actor.of(principal),
        "camera.created",
        object_type="camera",
        object_id=camera.id,
        org_ids=(camera.org_id,),
        name=camera.name,
        kind=camera.kind,
        visibility=camera.visibility,
        device_id=camera.device_id,
        channel=camera.channel,
    )


def _registered(camera: Camera) -> CameraRegistered:
    return CameraRegistered(
        camera_id=camera.id,
        org_id=camera.org_id,
        name=camera.name,
        kind=camera.kind,
        latitude=camera.latitude,
        longitude=camera.longitude,
    )

"""Use cases of the registry's cameras: publish, read, change, retire, search."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_contracts.events.registry import CameraRegistered, CameraRetired, CameraUpdated
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied
from custody_platform.unit_of_work import Actor, UnitOfWork

from registry.adapters.policy_repository import PolicyRepository
from registry.adapters.repository import CameraRepository
from registry.domain.cameras import (
    Camera,
    CameraSpec,
    can_see,
    is_guest,
    new_camera,
    require_valid,
    retired_camera,
    updated_camera,
    viewer_of,
)
from registry.domain.listing import CameraList, CameraListQuery, page_of
from registry.domain.search import Cursor, SearchPage, SearchQuery
from registry.service_layer.ports import CameraReferences
from registry.service_layer.references import ensure_camera_references


def require_org_admin(principal: Principal) -> None:
    if not principal.has_role(ROLE_ORG_ADMIN) or is_guest(principal):
        raise PermissionDenied("only an org admin may change the organization's registry")


async def create_camera(
    uow: UnitOfWork, refs: CameraReferences, principal: Principal, spec: CameraSpec
) -> Camera:
    """Publish a camera of the caller's organization (org admins only), bound to none or one
    of its own devices, shared with none or existing partner organizations."""
    require_org_admin(principal)
    camera = new_camera(spec, principal.org_id, datetime.now(UTC))
    await ensure_camera_references(refs, principal, spec)
    await ensure_own_group(uow, principal.org_id, camera.group_id)
    CameraRepository(uow.session).add(camera)
    record_registered(uow, principal, camera)
    return camera


async def get_camera(uow: UnitOfWork, principal: Principal, camera_id: uuid.UUID) -> Camera:
    """A camera the caller may see; NotFound otherwise, so existence never leaks."""
    camera = await CameraRepository(uow.session).get(camera_id)
    if camera is None or not can_see(camera, principal):
        raise NotFound("camera not found")
    return camera


async def update_camera(
    uow: UnitOfWork,
    refs: CameraReferences,
    principal: Principal,
    camera_id: uuid.UUID,
    spec: CameraSpec,
) -> Camera:
    require_org_admin(principal)
    require_valid(spec)
    await ensure_camera_references(refs, principal, spec)  # asked before the row is locked
    camera = await own_camera(uow, principal, camera_id)
    changed = updated_camera(camera, spec, datetime.now(UTC))
    await ensure_own_group(uow, principal.org_id, changed.group_id)
    await CameraRepository(uow.session).save(changed)
    uow.emit(camera_updated(changed))
    audit_camera(uow, principal, changed, "camera.updated", **_changes(camera, changed))
    return changed


async def retire_camera(uow: UnitOfWork, principal: Principal, camera_id: uuid.UUID) -> Camera:
    """A retired camera leaves search results and takes no new requests; its history stays."""
    require_org_admin(principal)
    retired = retired_camera(await own_camera(uow, principal, camera_id), datetime.now(UTC))
    await CameraRepository(uow.session).save(retired)
    uow.emit(CameraRetired(camera_id=retired.id, org_id=retired.org_id))
    audit_camera(uow, principal, retired, "camera.retired")
    return retired


async def search_cameras(uow: UnitOfWork, principal: Principal, query: SearchQuery) -> SearchPage:
    viewer = viewer_of(principal)
    hits = await CameraRepository(uow.session).search(query, viewer)
    if len(hits) <= query.limit:
        return SearchPage(hits, "")
    last = hits[query.limit - 1]
    return SearchPage(hits[: query.limit], Cursor(last.distance_m, last.camera.id).encode())


async def list_cameras(uow: UnitOfWork, principal: Principal, query: CameraListQuery) -> CameraList:
    """The caller's organization's cameras, retired ones too (org admins, like the export)."""
    require_org_admin(principal)
    repository = CameraRepository(uow.session)
    found = await repository.listed(principal.org_id, query)
    return page_of(found, query, await repository.count_listed(principal.org_id, query))


async def own_camera(uow: UnitOfWork, principal: Principal, camera_id: uuid.UUID) -> Camera:
    """The caller's organization's camera, locked for the change; NotFound for anyone else's."""
    camera = await CameraRepository(uow.session).get(camera_id, for_update=True)
    if camera is None or camera.org_id != principal.org_id or is_guest(principal):
        raise NotFound("camera not found")
    return camera


async def ensure_own_group(uow: UnitOfWork, org_id: uuid.UUID, group_id: uuid.UUID | None) -> None:
    if group_id is None:
        return
    group = await PolicyRepository(uow.session).group(group_id)
    if group is None or group.org_id != org_id:
        raise InvalidArgument("group_id names no camera group of your organization")


def record_registered(uow: UnitOfWork, principal: Principal, camera: Camera) -> None:
    uow.emit(
        CameraRegistered(
            camera_id=camera.id,
            org_id=camera.org_id,
            name=camera.name,
            kind=camera.kind,
            latitude=camera.latitude,
            longitude=camera.longitude,
        )
    )
    audit_camera(
        uow,
        principal,
        camera,
        "camera.created",
        name=camera.name,
        kind=camera.kind,
        visibility=camera.visibility,
        device_id=camera.device_id,
        channel=camera.channel,
    )


def camera_updated(camera: Camera) -> CameraUpdated:
    return CameraUpdated(
        camera_id=camera.id,
        org_id=camera.org_id,
        name=camera.name,
        kind=camera.kind,
        latitude=camera.latitude,
        longitude=camera.longitude,
        visibility=camera.visibility,
        group_id=camera.group_id,
    )


def _changes(before: Camera, after: Camera) -> dict[str, object]:
    """Old and new value of every field that changed, for the audit trail."""
    return {
        name: {"from": value, "to": getattr(after, name)}
        for name, value in vars(before).items()
        if value != getattr(after, name)
    }


def audit_camera(
    uow: UnitOfWork, principal: Principal, camera: Camera, action: str, **details: object
) -> None:
    """The audit record of a change to a camera, made by one of its organization's users."""
    uow.audit(
        Actor.of(principal),
        action,
        object_type="camera",
        object_id=camera.id,
        org_ids=(camera.org_id,),
        **details,
    )

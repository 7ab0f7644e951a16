"""Camera groups of an organization: named sets of cameras with their own approvers."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from custody_contracts.events.registry import CameraGroupSaved
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from registry.adapters.policy_repository import PolicyRepository
from registry.adapters.repository import CameraRepository
from registry.domain.cameras import RETIRED, require_member
from registry.domain.policies import CameraGroup, group_problems
from registry.service_layer.cameras import audit_camera, camera_updated, require_org_admin
from registry.service_layer.ports import MemberDirectory
from registry.service_layer.references import ensure_approvers

MAX_ASSIGN = 1000


async def create_group(
    uow: UnitOfWork,
    members: MemberDirectory,
    principal: Principal,
    name: str,
    approvers: tuple[uuid.UUID, ...],
) -> CameraGroup:
    require_org_admin(principal)
    await ensure_approvers(members, principal, approvers)
    group = CameraGroup(uuid.uuid4(), principal.org_id, name.strip(), approvers, datetime.now(UTC))
    await _save(uow, principal, group, "camera_group.created")
    return group


async def update_group(
    uow: UnitOfWork,
    members: MemberDirectory,
    principal: Principal,
    group_id: uuid.UUID,
    name: str,
    approvers: tuple[uuid.UUID, ...],
) -> CameraGroup:
    require_org_admin(principal)
    await ensure_approvers(members, principal, approvers)  # asked before the row is locked
    group = await _own_group(uow, principal, group_id)
    changed = replace(group, name=name.strip(), approver_user_ids=approvers)
    await _save(uow, principal, changed, "camera_group.updated")
    return changed


async def list_groups(uow: UnitOfWork, principal: Principal) -> list[tuple[CameraGroup, int]]:
    require_member(principal)
    return await PolicyRepository(uow.session).groups_of_org(principal.org_id)


async def assign_cameras(
    uow: UnitOfWork,
    principal: Principal,
    group_id: uuid.UUID | None,
    camera_ids: tuple[uuid.UUID, ...],
) -> tuple[uuid.UUID, ...]:
    """Moves the cameras into the group (None: out of any group); all of the caller's org."""
    require_org_admin(principal)
    if not 1 <= len(set(camera_ids)) <= MAX_ASSIGN:
        raise InvalidArgument(f"give 1..{MAX_ASSIGN} camera_ids")
    if group_id is not None:
        await _own_group(uow, principal, group_id)
    cameras = CameraRepository(uow.session)
    found = await cameras.get_many(camera_ids)
    mine = [c for c in found.values() if c.org_id == principal.org_id]
    if len(mine) != len(set(camera_ids)):
        raise NotFound("camera not found")
    if retired := [c for c in mine if c.status == RETIRED]:
        raise Conflict(f"camera {retired[0].id} is retired", current_state=RETIRED)
    now = datetime.now(UTC)
    await cameras.assign_group([c.id for c in mine], group_id, now)
    for camera in mine:
        uow.emit(camera_updated(replace(camera, group_id=group_id, updated_at=now)))
        audit_camera(
            uow,
            principal,
            camera,
            "camera.group_assigned",
            group_id={"from": camera.group_id, "to": group_id},
        )
    return tuple(found)


async def _own_group(uow: UnitOfWork, principal: Principal, group_id: uuid.UUID) -> CameraGroup:
    group = await PolicyRepository(uow.session).group(group_id, for_update=True)
    if group is None or group.org_id != principal.org_id:
        raise NotFound("camera group not found")
    return group


async def _save(uow: UnitOfWork, principal: Principal, group: CameraGroup, action: str) -> None:
    if problems := group_problems(group.name, group.approver_user_ids):
        raise InvalidArgument("; ".join(problems))
    repo = PolicyRepository(uow.session)
    if await repo.name_taken(group.org_id, group.name, but=group.id):
        raise Conflict(f"a camera group named {group.name!r} exists")
    group = replace(group, approver_user_ids=tuple(dict.fromkeys(group.approver_user_ids)))
    await repo.save_group(group)
    uow.emit(
        CameraGroupSaved(
            group_id=group.id,
            org_id=group.org_id,
            name=group.name,
            approver_user_ids=group.approver_user_ids,
        )
    )
    uow.audit(
        Actor.of(principal),
        action,
        object_type="camera_group",
        object_id=group.id,
        org_ids=(group.org_id,),
        name=group.name,
        approver_user_ids=group.approver_user_ids,
    )

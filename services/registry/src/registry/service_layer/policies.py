"""Request settings of an owner org, and the per-camera policies the requests service reads."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from custody_contracts.events.registry import RequestSettingsChanged
from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from registry.adapters.policy_repository import PolicyRepository
from registry.adapters.repository import CameraRepository
from registry.domain.cameras import can_see, require_member
from registry.domain.policies import CameraPolicy, RequestSettings, policy_for, request_settings
from registry.service_layer.cameras import require_org_admin
from registry.service_layer.ports import Identity
from registry.service_layer.references import ensure_approvers, ensure_orgs

MAX_CAMERAS = 500


async def get_settings(uow: UnitOfWork, principal: Principal) -> RequestSettings:
    require_member(principal)
    found = await PolicyRepository(uow.session).settings([principal.org_id])
    return found[principal.org_id]


async def put_settings(
    uow: UnitOfWork, identity: Identity, principal: Principal, settings: RequestSettings
) -> RequestSettings:
    """Replaces the caller's organization's settings (org admins only); every approver is
    one of its members, every auto-approved organization exists."""
    require_org_admin(principal)
    saved = request_settings(replace(settings, org_id=principal.org_id))
    await ensure_approvers(identity, principal, saved.approver_user_ids)
    await ensure_orgs(identity, principal, "auto_approve_org_ids", saved.auto_approve_org_ids)
    await PolicyRepository(uow.session).save_settings(saved, datetime.now(UTC))
    uow.emit(RequestSettingsChanged(**vars(saved)))
    uow.audit(
        Actor.of(principal),
        "request_settings.changed",
        object_type="org",
        object_id=saved.org_id,
        org_ids=(saved.org_id,),
        **{k: v for k, v in vars(saved).items() if k != "org_id"},
    )
    return saved


async def request_policies(
    uow: UnitOfWork, principal: Principal, camera_ids: tuple[uuid.UUID, ...]
) -> list[CameraPolicy]:
    """One policy per camera, in the order asked; NotFound if any is unknown or hidden."""
    if not 1 <= len(camera_ids) <= MAX_CAMERAS:
        raise InvalidArgument(f"give 1..{MAX_CAMERAS} camera_ids")
    cameras = await CameraRepository(uow.session).get_many(camera_ids)
    missing = [i for i in camera_ids if i not in cameras or not can_see(cameras[i], principal)]
    if missing:
        raise NotFound(f"camera {missing[0]} not found")
    repo = PolicyRepository(uow.session)
    settings = await repo.settings({c.org_id for c in cameras.values()})
    groups = await repo.groups({c.group_id for c in cameras.values() if c.group_id})
    return [
        policy_for(c, settings[c.org_id], groups.get(c.group_id) if c.group_id else None)
        for c in (cameras[i] for i in camera_ids)
    ]

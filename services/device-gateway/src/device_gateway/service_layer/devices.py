"""Devices: created by their organization's admin, enrolled once with a one-time code, then
authenticated by a per-device secret exchanged for short-lived tokens."""

from __future__ import annotations

import hmac
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.principal import ROLE_GUEST, ROLE_ORG_ADMIN, ROLE_SERVICE, Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Device, utcnow
from device_gateway.adapters.tokens import DeviceTokens
from device_gateway.domain.model import (
    DeviceIdentity,
    DeviceKind,
    default_background_recording,
    secret_hash,
    validate_new_device,
)
from device_gateway.domain.vms import validate_vms_url


@dataclass(frozen=True)
class NewDevice:
    name: str
    kind: str
    channels: int
    background_recording: bool | None = None
    vms_base_url: str = ""


async def create_device(
    uow: UnitOfWork, principal: Principal, new: NewDevice, source_address: str | None = None
) -> tuple[Device, str]:
    """The device and its enrollment code, shown once and stored only as a hash."""
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org_admin may create devices")
    # Hex, not urlsafe base64: a code starting with "-" reads as an option on a command line.
    code = secrets.token_hex(32)
    device = _new_device(principal.org_id, new, code_hash=secret_hash(code))
    uow.session.add(device)
    subject = {"object_type": "device", "object_id": device.id, "org_ids": (device.org_id,)}
    actor = Actor.of(principal, source_address)
    uow.audit(actor, "device.created", **subject, name=device.name, kind=device.kind)
    return device, code


def _new_device(org_id: uuid.UUID, new: NewDevice, *, code_hash: str) -> Device:
    kind = validate_new_device(new.name, new.kind, new.channels)
    background = new.background_recording
    if background is None:
        background = default_background_recording(kind)
    if (kind is DeviceKind.VMS) != bool(new.vms_base_url):
        raise InvalidArgument("a vms_base_url is required for, and only for, kind vms")
    return Device(
        vms_base_url=validate_vms_url(new.vms_base_url) if new.vms_base_url else None,
        org_id=org_id,
        name=new.name.strip(),
        kind=kind,
        channels=new.channels,
        background_recording=background,
        enrollment_code_hash=code_hash,
    )


async def get_device(uow: UnitOfWork, principal: Principal, device_id: uuid.UUID) -> Device:
    """A device of the caller's organization (its transfers too). A guest carries the
    inviting organization's id but is no member of it: no device is its to see."""
    found = await repository.device(uow.session, device_id)
    if found is None or found.org_id != principal.org_id or _is_guest(principal):
        raise NotFound("device not found")
    return found


async def list_devices(uow: UnitOfWork, principal: Principal) -> Sequence[Device]:
    """The caller's organization's devices that are not revoked, by name."""
    if _is_guest(principal):
        raise PermissionDenied("a guest sees no devices of the inviting organization")
    return await repository.org_devices(uow.session, principal.org_id)


async def pending_video_requests(uow: UnitOfWork, principal: Principal) -> dict[uuid.UUID, int]:
    """Each device's background-video requests still pending (the list's "pending transfers")."""
    if _is_guest(principal):
        raise PermissionDenied("a guest sees no devices of the inviting organization")
    return await repository.pending_background_counts(uow.session, principal.org_id)


async def set_background_recording(
    uow: UnitOfWork,
    principal: Principal,
    device_id: uuid.UUID,
    enabled: bool,
    source_address: str | None = None,
) -> Device:
    """The device picks the setting up at its next check-in (the answer carries it)."""
    device = await repository.device(uow.session, device_id, lock=True)
    if device is None or device.org_id != principal.org_id or _is_guest(principal):
        raise NotFound("device not found")
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org_admin may change a device's settings")
    if device.kind == DeviceKind.VMS:
        raise InvalidArgument("a VMS records on its own terms; it has no background setting")
    if device.background_recording != enabled:
        device.background_recording = enabled
        subject = {"object_type": "device", "object_id": device.id, "org_ids": (device.org_id,)}
        actor = Actor.of(principal, source_address)
        uow.audit(actor, "device.background_recording_set", **subject, enabled=enabled)
    return device


def _is_guest(principal: Principal) -> bool:
    return principal.has_role(ROLE_GUEST) and not principal.has_role(ROLE_SERVICE)


async def enroll(uow: UnitOfWork, code: str, source_address: str | None) -> tuple[Device, str]:
    """Trade the one-time code for a device secret; clearing its hash makes it single-use."""
    device = await repository.device_by_enrollment(uow.session, secret_hash(code))
    if device is None or device.revoked:
        raise Unauthenticated("unknown or used enrollment code")
    secret = secrets.token_urlsafe(32)
    device.enrollment_code_hash, device.secret_hash = None, secret_hash(secret)
    device.enrolled_at = utcnow()
    actor = Actor("device", str(device.id), device.org_id, source_address)
    subject = {"object_type": "device", "object_id": device.id, "org_ids": (device.org_id,)}
    uow.audit(actor, "device.enrolled", **subject)
    return device, secret


async def issue_token(
    uow: UnitOfWork, tokens: DeviceTokens, device_id: uuid.UUID, secret: str
) -> str:
    device = await repository.device(uow.session, device_id)
    stored = device.secret_hash if device else None
    if device is None or device.revoked or stored is None:
        raise Unauthenticated("unknown device or wrong secret")
    if not hmac.compare_digest(stored, secret_hash(secret)):
        raise Unauthenticated("unknown device or wrong secret")
    return tokens.issue(DeviceIdentity(device.id, device.org_id))


async def revoke_device(
    uow: UnitOfWork, principal: Principal, device_id: uuid.UUID, source_address: str | None = None
) -> Device:
    """Every device route checks `revoked` per request, so this takes effect at once."""
    if not principal.has_role(ROLE_ORG_ADMIN):
        raise PermissionDenied("only an org_admin may revoke devices")
    device = await repository.device(uow.session, device_id, lock=True)
    if device is None or device.org_id != principal.org_id:
        raise NotFound("device not found")
    if not device.revoked:
        device.revoked, device.enrollment_code_hash = True, None
        subject = {"object_type": "device", "object_id": device.id, "org_ids": (device.org_id,)}
        uow.audit(Actor.of(principal, source_address), "device.revoked", **subject)
    return device

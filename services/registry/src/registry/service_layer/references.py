"""References a registry change makes to what other services own, checked where it lives
before anything is stored: approvers are users of the caller's organization (the gateway's
Identity), a camera's devices are devices of the caller's organization (the device gateway),
partner and auto-approved organizations exist (Identity). An unknown id and another
organization's user or device are the same mistake: InvalidArgument naming the field, so
nothing tells a caller which ids exist elsewhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument

from registry.domain.bulk import ParsedRow, RowProblem
from registry.domain.cameras import CameraSpec
from registry.service_layer.ports import (
    CameraReferences,
    DeviceDirectory,
    MemberDirectory,
    OrganizationDirectory,
)

DEVICE_FIELDS = ("device_id", "vms_device_id")
_NO_DEVICE = "no device of your organization has id"
_NO_ORG = "no organization has id"


@dataclass(frozen=True)
class CameraDirectory:
    """A camera's references, asked where each lives: devices at the device gateway,
    organizations at the gateway's Identity."""

    devices: DeviceDirectory
    orgs: OrganizationDirectory

    async def unknown_devices(
        self, device_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return await self.devices.unknown_devices(device_ids, principal)

    async def unknown_orgs(
        self, org_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return await self.orgs.unknown_orgs(org_ids, principal)


async def ensure_approvers(
    members: MemberDirectory, principal: Principal, user_ids: Iterable[uuid.UUID]
) -> None:
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return
    if strangers := await members.non_members(wanted, principal):
        listed = ", ".join(map(str, strangers))
        raise InvalidArgument(f"approver_user_ids: no member of your organization has id {listed}")


async def ensure_orgs(
    orgs: OrganizationDirectory, principal: Principal, field: str, org_ids: Iterable[uuid.UUID]
) -> None:
    """Every organization named in ``field`` exists."""
    wanted = list(dict.fromkeys(org_ids))
    if not wanted:
        return
    if unknown := await orgs.unknown_orgs(wanted, principal):
        raise InvalidArgument(f"{field}: {_NO_ORG} {', '.join(map(str, unknown))}")


def _devices_of(spec: CameraSpec) -> list[tuple[str, uuid.UUID]]:
    found = ((name, getattr(spec, name)) for name in DEVICE_FIELDS)
    return [(name, device_id) for name, device_id in found if device_id is not None]


async def ensure_devices(devices: DeviceDirectory, principal: Principal, spec: CameraSpec) -> None:
    """The camera's device (or VMS connector) is one of the caller's organization's."""
    named = _devices_of(spec)
    if not named:
        return
    unknown = set(await devices.unknown_devices([d for _, d in named], principal))
    if wrong := [f"{name}: {_NO_DEVICE} {d}" for name, d in named if d in unknown]:
        raise InvalidArgument("; ".join(wrong))


async def ensure_camera_references(
    directory: CameraReferences, principal: Principal, spec: CameraSpec
) -> None:
    """The camera's devices are the caller's organization's; its partners exist."""
    await ensure_devices(directory, principal, spec)
    await ensure_orgs(directory, principal, "partner_org_ids", spec.partner_org_ids)


async def device_row_problems(
    devices: DeviceDirectory, principal: Principal, rows: list[ParsedRow]
) -> list[RowProblem]:
    """One problem per row and field naming a device the caller's organization lacks."""
    named = [(row.line, name, d) for row in rows for name, d in _devices_of(row.spec)]
    if not named:
        return []
    wanted = list(dict.fromkeys(d for _, _, d in named))
    unknown = set(await devices.unknown_devices(wanted, principal))
    return [
        RowProblem(line, f"{name}: {_NO_DEVICE} {d}") for line, name, d in named if d in unknown
    ]


async def partner_row_problems(
    orgs: OrganizationDirectory, principal: Principal, rows: list[ParsedRow]
) -> list[RowProblem]:
    """One problem per row naming a partner organization that does not exist."""
    wanted = list(dict.fromkeys(o for row in rows for o in row.spec.partner_org_ids))
    if not wanted:
        return []
    unknown = set(await orgs.unknown_orgs(wanted, principal))
    named = ((row.line, [str(o) for o in row.spec.partner_org_ids if o in unknown]) for row in rows)
    return [
        RowProblem(line, f"partner_org_ids: {_NO_ORG} {', '.join(missing)}")
        for line, missing in named
        if missing
    ]

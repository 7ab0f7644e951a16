"""Bulk import (all or nothing, with a dry run) and export of an organization's cameras."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.unit_of_work import UnitOfWork

from registry.adapters.policy_repository import PolicyRepository
from registry.adapters.repository import CameraRepository
from registry.domain import bulk
from registry.domain.bulk import ParsedRow, RowProblem
from registry.domain.cameras import Camera, new_camera
from registry.service_layer.cameras import record_registered, require_org_admin
from registry.service_layer.ports import CameraReferences
from registry.service_layer.references import device_row_problems, partner_row_problems

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


@dataclass(frozen=True)
class ImportResult:
    valid_rows: int
    problems: list[RowProblem]
    camera_ids: list[uuid.UUID]  # empty on a dry run or when any row is bad


async def import_cameras(
    uow: UnitOfWork,
    refs: CameraReferences,
    principal: Principal,
    fmt: str,
    data: bytes,
    *,
    dry_run: bool,
) -> ImportResult:
    """Creates every row's camera in one transaction, or none if any row is bad (a row's
    device must be one of the caller's organization's, its partners must exist)."""
    require_org_admin(principal)
    rows, problems = bulk.parse(fmt, data)
    now = datetime.now(UTC)
    problems += await device_row_problems(refs, principal, rows)
    problems += await partner_row_problems(refs, principal, rows)
    problems = sorted(problems + await _group_problems(uow, principal, rows), key=lambda p: p.line)
    if problems or dry_run:
        return ImportResult(len(rows), problems, [])
    created = [new_camera(row.spec, principal.org_id, now) for row in rows]
    repository = CameraRepository(uow.session)
    for camera in created:
        repository.add(camera)
        record_registered(uow, principal, camera)
    return ImportResult(len(rows), [], [camera.id for camera in created])


async def export_cameras(uow: UnitOfWork, principal: Principal, fmt: str) -> tuple[bytes, str]:
    """The caller's organization's cameras, retired ones included, with their status."""
    require_org_admin(principal)
    if fmt not in CONTENT_TYPES:
        raise InvalidArgument("format must be csv or geojson")
    cameras: list[Camera] = await CameraRepository(uow.session).of_org(principal.org_id)
    data = bulk.to_geojson(cameras) if fmt == "geojson" else bulk.to_csv(cameras)
    return data, CONTENT_TYPES[fmt]


async def _group_problems(
    uow: UnitOfWork, principal: Principal, rows: list[ParsedRow]
) -> list[RowProblem]:
    wanted = {row.spec.group_id for row in rows if row.spec.group_id}
    found = await PolicyRepository(uow.session).groups(wanted)
    own = {g for g, group in found.items() if group.org_id == principal.org_id}
    return [
        RowProblem(row.line, "group_id names no camera group of your organization")
        for row in rows
        if row.spec.group_id and row.spec.group_id not in own
    ]

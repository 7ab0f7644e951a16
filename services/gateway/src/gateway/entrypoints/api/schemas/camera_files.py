"""Bulk import results of cameras."""

from __future__ import annotations

import uuid
from typing import Literal

from custody_contracts.grpc import registry_pb2
from pydantic import BaseModel

FileFormat = Literal["csv", "geojson"]


class RowProblemPublic(BaseModel):
    line: int  # CSV: line in the file (header = 1); GeoJSON: feature number (first = 1)
    reason: str


class CameraImportPublic(BaseModel):
    dry_run: bool
    valid_rows: int
    problems: list[RowProblemPublic]
    camera_ids: list[uuid.UUID]


def import_public(result: registry_pb2.ImportCamerasResponse, dry_run: bool) -> CameraImportPublic:
    return CameraImportPublic(
        dry_run=dry_run,
        valid_rows=result.valid_rows,
        problems=[RowProblemPublic(line=p.line, reason=p.reason) for p in result.problems],
        camera_ids=[uuid.UUID(camera) for camera in result.camera_ids],
    )

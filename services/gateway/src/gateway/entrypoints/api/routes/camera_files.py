"""Files about cameras: bulk import and export (CSV, GeoJSON) and view thumbnails.

Registered before the cameras router, so /cameras/export is not taken for a camera id.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.client import call_metadata
from custody_platform.problems import problem
from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, FORBIDDEN, INVALID, NOT_FOUND, UPSTREAM, body
from gateway.entrypoints.api.schemas.camera_files import (
    CameraImportPublic,
    FileFormat,
    import_public,
)
from gateway.entrypoints.api.schemas.cameras import CameraPublic, camera_public

router = APIRouter(prefix="/cameras", tags=["cameras"], responses=UPSTREAM)

# The registry refuses more; stopping here keeps an oversized upload off the gRPC channel.
MAX_UPLOAD_BYTES = 3 * 1024 * 1024
Upload = Annotated[UploadFile, File()]


async def _read_capped(upload: UploadFile) -> bytes:
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the file exceeds {MAX_UPLOAD_BYTES} bytes")
    return data


@router.post("/import", response_model=CameraImportPublic, responses=FORBIDDEN | INVALID)
async def import_cameras(
    request: Request,
    file: Upload,
    principal: OrgAdmin,
    upstream: UpstreamDep,
    format: Annotated[FileFormat, Query()] = "csv",
    dry_run: bool = False,
) -> CameraImportPublic | JSONResponse:
    """All rows or none. A dry run lists every bad row; a real import with any bad row is a
    422 problem whose ``errors`` list them, and nothing is imported. Text is held to the
    JSON API's rules by the registry: a control character (NUL included), or an invisible or
    direction-changing one in a name, is a bad row on its line."""
    data = await _read_capped(file)
    message = registry_pb2.ImportCamerasRequest(format=format, data=data, dry_run=dry_run)
    result = await upstream.registry.ImportCameras(message, metadata=call_metadata(principal))
    public = import_public(result, dry_run)
    if public.problems and not dry_run:
        errors = [p.model_dump() for p in public.problems]
        detail = f"{len(errors)} bad rows; nothing was imported"
        return problem(request, 422, detail, code="invalid_rows", errors=errors)
    return public


@router.get(
    "/export",
    response_class=Response,
    responses=body("text/csv", "application/geo+json") | FORBIDDEN | INVALID,
)
async def export_cameras(
    principal: OrgAdmin,
    upstream: UpstreamDep,
    format: Annotated[FileFormat, Query()] = "csv",
) -> Response:
    """Every camera of the caller's organization, retired ones included."""
    exported = await upstream.registry.ExportCameras(
        registry_pb2.ExportCamerasRequest(format=format), metadata=call_metadata(principal)
    )
    filename = f"cameras.{format}"
    return Response(
        exported.data,
        media_type=exported.content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.put("/{camera_id}/thumbnail", responses=CHANGE)
async def set_camera_thumbnail(
    camera_id: uuid.UUID, file: Upload, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraPublic:
    """A JPEG, PNG or WebP picture of the view; stored re-encoded as a standard-size JPEG."""
    message = registry_pb2.SetThumbnailRequest(
        camera_id=str(camera_id), image=await _read_capped(file)
    )
    camera = await upstream.registry.SetThumbnail(message, metadata=call_metadata(principal))
    return camera_public(camera, principal.org_id)


@router.get(
    "/{camera_id}/thumbnail", response_class=Response, responses=body("image/jpeg") | NOT_FOUND
)
async def read_camera_thumbnail(
    camera_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> Response:
    """The camera's view thumbnail, a JPEG; 404 when it has none."""
    thumbnail = await upstream.registry.GetThumbnail(
        registry_pb2.GetThumbnailRequest(camera_id=str(camera_id)),
        metadata=call_metadata(principal),
    )
    headers = {"ETag": f'"{thumbnail.sha256}"', "Cache-Control": "private, max-age=300"}
    return Response(thumbnail.jpeg, media_type="image/jpeg", headers=headers)

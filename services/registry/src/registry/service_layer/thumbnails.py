"""A camera's thumbnail: validated and re-encoded, stored in the object store, served back."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.objectstore import ObjectExists, ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from registry.adapters.repository import CameraRepository
from registry.domain.cameras import RETIRED, Camera
from registry.domain.thumbnails import standard_thumbnail
from registry.service_layer.cameras import (
    audit_camera,
    camera_updated,
    get_camera,
    own_camera,
    require_org_admin,
)


async def set_thumbnail(
    uow: UnitOfWork, store: ObjectStore, principal: Principal, camera_id: uuid.UUID, data: bytes
) -> Camera:
    require_org_admin(principal)
    jpeg = await asyncio.to_thread(standard_thumbnail, data)  # CPU-bound: off the event loop
    sha256 = hashlib.sha256(jpeg).hexdigest()
    camera = await own_camera(uow, principal, camera_id)
    if camera.status == RETIRED:
        raise Conflict("a retired camera cannot be changed", current_state=RETIRED)
    key = f"thumbnails/{camera.id}/{sha256}.jpg"  # content in the key: re-uploads are no-ops
    await asyncio.to_thread(_put, store, key, jpeg, sha256)
    changed = replace(camera, thumbnail_key=key, updated_at=datetime.now(UTC))
    await CameraRepository(uow.session).save(changed)
    uow.emit(camera_updated(changed))
    audit_camera(
        uow, principal, camera, "camera.thumbnail_set", object_hash=sha256, uploaded_bytes=len(data)
    )
    return changed


async def get_thumbnail(
    uow: UnitOfWork, store: ObjectStore, principal: Principal, camera_id: uuid.UUID
) -> tuple[bytes, str]:
    """(JPEG bytes, sha256) of a camera the caller may see."""
    camera = await get_camera(uow, principal, camera_id)
    if camera.thumbnail_key is None:
        raise NotFound("the camera has no thumbnail")
    jpeg = await asyncio.to_thread(store.read_bytes, camera.thumbnail_key)  # verified on read
    return jpeg, camera.thumbnail_key.rsplit("/", 1)[-1].removesuffix(".jpg")


def _put(store: ObjectStore, key: str, jpeg: bytes, sha256: str) -> None:
    with contextlib.suppress(ObjectExists):  # the same bytes under the same content-derived key
        store.put(key, jpeg, expected_sha256=sha256)

"""What the requests service needs to know about a camera to ask its device for video."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from custody_platform.errors import InvalidArgument


@dataclass(frozen=True)
class CameraSource:
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    device_id: uuid.UUID | None
    channel: int
    status: str


def exportable_device(camera: CameraSource) -> uuid.UUID:
    """The device that will export this camera's video; InvalidArgument if there is none."""
    if camera.status != "active":
        raise InvalidArgument(f"camera {camera.camera_id} is {camera.status}")
    if camera.device_id is None:
        raise InvalidArgument(f"camera {camera.camera_id} has no device to export from")
    return camera.device_id

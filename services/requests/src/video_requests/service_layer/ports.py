"""What the service layer needs from the outside, and what it hands back to entry points."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from custody_contracts.principal import Principal

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.domain.cameras import CameraSource


class CameraDirectory(Protocol):
    async def get_camera(self, camera_id: uuid.UUID, principal: Principal) -> CameraSource:
        """The camera as ``principal`` may see it; raises NotFound otherwise."""
        ...


@dataclass(frozen=True)
class RequestView:
    """A request with the line items the caller may see."""

    request: VideoRequest
    items: list[LineItem]

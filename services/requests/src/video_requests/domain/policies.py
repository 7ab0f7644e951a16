"""What an owner's request policy says about one of its cameras, as the registry reports it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from custody_platform.errors import InvalidArgument

DEFAULT_MAX_SPAN = timedelta(hours=12)


@dataclass(frozen=True)
class CameraPolicy:
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    device_id: uuid.UUID | None
    channel: int = 0
    vms_camera_ref: str | None = None
    camera_name: str = ""
    camera_latitude: float | None = None  # where the camera is: its exports' provenance
    camera_longitude: float | None = None
    approver_user_ids: tuple[uuid.UUID, ...] = ()
    auto_approve_org_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    export_before_approval: bool = False
    max_span: timedelta = DEFAULT_MAX_SPAN
    sla: timedelta | None = None
    retention: timedelta | None = None

    def exportable_device(self) -> uuid.UUID:
        """The device (or VMS connector) that exports this camera; InvalidArgument if none."""
        if self.device_id is None:
            raise InvalidArgument(f"camera {self.camera_id} has no device to export from")
        return self.device_id

    def auto_approves(self, requester_org_id: uuid.UUID) -> bool:
        return requester_org_id in self.auto_approve_org_ids

    def preserves_for(self, requester_org_id: uuid.UUID) -> bool:
        """Export before approval only makes sense when someone else is asking."""
        return self.export_before_approval and requester_org_id != self.owner_org_id

    def retention_warning(self, start: datetime, now: datetime) -> str | None:
        if self.retention and start < now - self.retention:
            days = self.retention.days
            return f"the window starts before the {days} days this camera keeps video"
        return None

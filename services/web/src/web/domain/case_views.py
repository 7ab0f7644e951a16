"""Cases and their evidence as the API answers them, and how an item reads in the grid: its
kind, duration, source and a hash short enough to scan."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from web.domain.views import ApiModel

CASE_STATUSES = ("open", "closed", "archived")
# The status changes the API allows from each status: (the status, the button's words).
STATUS_ACTIONS = {
    "open": (("closed", "Close case"),),
    "closed": (("open", "Reopen case"), ("archived", "Archive case")),
    "archived": (),
}
# Changes that cannot be undone are asked for twice.
CONFIRMED = {"archived": "An archived case cannot be reopened or changed."}
SOURCES = {
    "device": "Device",
    "vms": "VMS connector",
    "public": "Public upload",
    "mobile": "Field capture",
    "upload": "Upload",
    "browser": "Browser upload",
    "derived": "Derived copy",
}
SHORT_HASH = 12


class CaseView(ApiModel):
    id: uuid.UUID
    org_id: uuid.UUID
    number: str
    title: str
    status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    description: str = ""
    incident_at: datetime | None = None
    incident_location: str = ""
    incident_type: str = ""
    department: str = ""
    assignees: list[uuid.UUID] = []
    tags: list[str] = []
    categories: list[str] = []
    custom_fields: dict[str, Any] = {}
    legal_hold: bool = False
    permission: str = "owner"

    @property
    def owned(self) -> bool:
        """Whether the caller's organization owns it (only the owner changes a case)."""
        return self.permission == "owner"

    def status_actions(self) -> tuple[tuple[str, str], ...]:
        return STATUS_ACTIONS.get(self.status, ()) if self.owned else ()


class CaseViews(ApiModel):
    items: list[CaseView]
    total: int = 0  # matches on every page
    next_cursor: str | None = None


class Media(ApiModel):
    duration_seconds: float = 0.0
    width: int = 0
    height: int = 0


class EvidenceView(ApiModel):
    id: uuid.UUID
    filename: str
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    source: str = ""
    request_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    device_id: uuid.UUID | None = None
    created_at: datetime | None = None
    tags: list[str] = []
    categories: list[str] = []
    processing: str = ""
    media: Media | None = None
    has_thumbnail: bool = False
    legal_hold: bool = False
    # Provenance of video delivered for a request (decision 0036).
    camera_name: str | None = None
    channel: int | None = None
    capture_start: datetime | None = None
    capture_end: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def device_label(self) -> str:
        """`Device 3f2a9c1e, channel 2`: the device's id is all another organization may know."""
        if self.device_id is None:
            return ""
        channel = f", channel {self.channel}" if self.channel is not None else ""
        return f"Device {str(self.device_id)[:8]}{channel}"

    @property
    def position(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"{self.latitude:.5f}, {self.longitude:.5f}"

    @property
    def kind(self) -> str:
        major = self.content_type.partition("/")[0]
        return {"video": "Video", "image": "Photo", "audio": "Audio"}.get(major, "File")

    @property
    def duration(self) -> str:
        """`1:05` or `1:02:05`; empty for what has no duration (yet)."""
        if self.media is None or self.media.duration_seconds <= 0:
            return ""
        minutes, seconds = divmod(round(self.media.duration_seconds), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"

    @property
    def source_label(self) -> str:
        """Where it came from; video delivered for a request names the registry camera."""
        if self.request_id is not None and self.camera_id is not None:
            return "Registry camera (requested)"
        if self.camera_id is not None:
            return "Registry camera"
        return SOURCES.get(self.source, self.source.capitalize() or "Unknown")

    @property
    def short_hash(self) -> str:
        return self.sha256[:SHORT_HASH]


class EvidenceViews(ApiModel):
    """A page of a case's items (decision 0040)."""

    items: list[EvidenceView]
    total: int = 0  # the case's items, on every page
    next_cursor: str | None = None
    previous_cursor: str | None = None

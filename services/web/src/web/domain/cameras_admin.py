"""The owner admin's cameras as the pages need the gateway's answers: the organization's own
cameras a page at a time, the list's filters as typed, and its camera groups."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from web.domain.find_cameras import KINDS
from web.domain.views import ApiModel

VISIBILITIES = {
    "registry": "Everyone who searches the registry",
    "partners": "Partner organizations only",
    "private": "Your organization only",
}
STATUSES = {"active": "Active", "retired": "Retired"}
NO_GROUP = "none"  # the group filter's value for cameras in no group
PAGE = 50  # cameras listed at once; the map view shows up to MAP_PAGE
MAP_PAGE = 500


class OwnCamera(ApiModel):
    """A camera of the caller's organization, with what only its owner sees."""

    id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str = ""
    heading: float | None = None
    field_of_view: float | None = None
    retention_days: int = 0
    visibility: str = "registry"
    status: str = "active"
    has_thumbnail: bool = False
    updated_at: datetime | None = None
    device_id: uuid.UUID | None = None
    channel: int | None = None
    vms_device_id: uuid.UUID | None = None
    vms_camera_ref: str | None = None
    contact: str | None = None
    partner_org_ids: list[uuid.UUID] = []
    group_id: uuid.UUID | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    @property
    def thumbnail_url(self) -> str:
        """Its view, relayed; the change time in the address keeps a replaced one from the
        browser's cache."""
        version = int(self.updated_at.timestamp()) if self.updated_at else 0
        return f"/cameras/find/thumbnails/{self.id}?v={version}"


class CameraPage(ApiModel):
    items: list[OwnCamera]
    total: int = 0
    next_cursor: str | None = None


class Group(ApiModel):
    id: uuid.UUID
    name: str
    approver_user_ids: list[uuid.UUID] = []
    camera_count: int = 0


class Groups(ApiModel):
    items: list[Group]

    def names(self) -> dict[uuid.UUID, str]:
        return {group.id: group.name for group in self.items}


@dataclass(frozen=True)
class ListFilters:
    """The list's filters as typed, in the page's address (bookmarkable, kept across pages)."""

    text: str = ""
    group: str = ""  # a group id, NO_GROUP, or "" for any
    status: str = ""
    cursor: str = ""
    view: str = "table"  # or "map"

    @classmethod
    def read(cls, query: Mapping[str, str]) -> ListFilters:
        status = query.get("status", "")
        return cls(
            text=query.get("text", "").strip()[:100],
            group=_group(query.get("group", "")),
            status=status if status in STATUSES else "",
            cursor=query.get("cursor", "")[:500],
            view="map" if query.get("view") == "map" else "table",
        )

    def api_params(self) -> dict[str, Any]:
        """The query of GET /cameras; the map view takes as many cameras as a page may hold."""
        params: dict[str, Any] = {"text": self.text, "status": self.status}
        if self.group == NO_GROUP:
            params["ungrouped"] = "true"
        elif self.group:
            params["group_id"] = self.group
        if self.view == "map":
            return params | {"limit": MAP_PAGE}
        return params | {"limit": PAGE, "cursor": self.cursor}

    def link(self, **changes: str) -> str:
        """This list's address with some of its parts changed (a page, a view)."""
        parts = {
            "text": self.text,
            "group": self.group,
            "status": self.status,
            "view": "" if self.view == "table" else self.view,
            "cursor": self.cursor,
        } | changes
        query = urlencode({name: value for name, value in parts.items() if value})
        return f"/admin/cameras{'?' + query if query else ''}"

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.group or self.status)


def _group(value: str) -> str:
    if value == NO_GROUP:
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def notice_of(query: Mapping[str, str], page: CameraPage, groups: Groups) -> str:
    """What the last action did, told by code in the list's address (never its text)."""
    moved, into = query.get("moved", ""), query.get("into", "")
    if moved == "none":
        return "Nothing was moved: tick at least one camera and choose where to move it"
    if moved == "refused":
        return "Nothing was moved: a retired camera cannot change group (untick it and try again)"
    if moved.isdigit():
        count = f"{moved} camera{'' if moved == '1' else 's'}"
        if into == NO_GROUP:
            return f"Moved {count} out of their group"
        name = next((g.name for g in groups.items if str(g.id) == into), "the group")
        return f"Moved {count} into {name}"
    if retired := query.get("retired", ""):
        name = next((c.name for c in page.items if str(c.id) == retired), "The camera")
        return f"{name} is retired: it takes no new requests, and its history stays"
    return ""

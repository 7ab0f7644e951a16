"""Evidence rules with no I/O: what a case is called, who may download, safe file names."""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Literal

from custody_platform.errors import PermissionDenied

Permission = Literal["view", "download"]
CASE_STATUSES = ("open", "closed", "archived")
SOURCES = ("device", "vms", "public", "mobile", "upload", "browser", "derived")
# An upload grant's source → the evidence source it becomes.
UPLOAD_SOURCES = {
    "direct": "upload",
    "watch_folder": "upload",
    "public": "public",
    "vms": "vms",
    "mobile": "mobile",
    "browser": "browser",
}
PERMISSIONS = ("view", "download")

MAX_FILENAME = 200
FALLBACK_FILENAME = "evidence"
_UNSAFE = re.compile(r"[^\w.\- ]+")


def case_title(case_number: str) -> str:
    return f"Video request {case_number}"


def effective_permission(permission_for_requester: str, request_id: uuid.UUID | None) -> Permission:
    """What a user of the evidence's organization may do with it.

    Video obtained through a request keeps the camera owner's grant (view-only or download);
    the organization's own evidence is its to download.
    """
    if request_id is not None and permission_for_requester != "download":
        return "view"
    return "download"


def ensure_downloadable(permission: Permission) -> None:
    if permission != "download":
        raise PermissionDenied("this evidence may be viewed but not downloaded")


def sanitize_filename(name: str) -> str:
    """A display name that can never act as a path: last segment only, no control or shell
    characters, no leading dot, bounded length with the extension kept."""
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _truncate(_UNSAFE.sub("_", base).strip(" ."))
    return cleaned or FALLBACK_FILENAME


def _truncate(name: str) -> str:
    if len(name) <= MAX_FILENAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:  # no real extension to keep
        return name[:MAX_FILENAME]
    return stem[: MAX_FILENAME - len(ext) - 1] + "." + ext

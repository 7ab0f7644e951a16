"""Uploads from the browser into a case: the upload grant a page's script uses, when a kept
grant is still good for another upload, where the browser sends its bytes (the page's
Content-Security-Policy allows connecting there), and the field-capture app's manifest."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from web.domain.views import ApiModel

# What the uploads become as the evidence item's source: "browser" shows as "Browser upload",
# "mobile" as "Field capture" (decision 0033).
UploadSource = Literal["browser", "mobile"]
# A kept grant is handed out again while it has this long left: an upload started with it can
# finish (and resume after a reload, with the same token) before it expires.
REUSE_MARGIN = timedelta(hours=2)


class UploadGrant(ApiModel):
    """A direct upload grant (POST /cases/{id}/uploads): its token is scoped to uploading into
    that one case until it expires, so the page's script may hold it; the session's gateway
    tokens never leave the server."""

    grant_id: uuid.UUID
    case_id: uuid.UUID
    expires_at: datetime | None = None
    tus_url: str
    token: str

    def reusable(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at - REUSE_MARGIN > now

    def for_script(self) -> dict[str, str]:
        expires = self.expires_at.isoformat() if self.expires_at else ""
        return {"tus_url": self.tus_url, "token": self.token, "expires_at": expires}


def grant_key(source: UploadSource, case_id: uuid.UUID) -> str:
    """Where a session keeps its grant for a case (WebSession.drafts)."""
    return f"upload-grant:{source}:{case_id}"


def upload_origin(device_gateway_url: str) -> str:
    """The device gateway's origin as a CSP source; 'self' when it is this site's own (a front
    door routing /ingest to it) or not configured."""
    parts = urlsplit(device_gateway_url)
    if not parts.scheme or not parts.netloc:
        return "'self'"
    return f"{parts.scheme}://{parts.netloc}"


CAPTURE_START = "/capture"
CAPTURE_ICONS = ((192, "/static/img/capture-192.png"), (512, "/static/img/capture-512.png"))


def capture_manifest() -> dict[str, Any]:
    """The field-capture app's web app manifest: installable, opens standalone on /capture."""
    return {
        "name": "Custody field capture",
        "short_name": "Capture",
        "description": "Record video and take photos into a case, even offline.",
        "id": CAPTURE_START,
        "start_url": CAPTURE_START,
        "scope": CAPTURE_START,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#162e51",
        "icons": [
            {"src": src, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size, src in CAPTURE_ICONS
        ],
    }

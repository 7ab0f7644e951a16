"""A public file request as its page shows it: the texts, the limits in words, and the
origin its files go to (the page's Content-Security-Policy allows connecting there only)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from web.domain.views import ApiModel


class PublicFileRequest(ApiModel):
    title: str
    instructions: str = ""
    consent_text: str = ""
    ask_contributor: bool = False
    expires_at: datetime | None = None
    max_files: int = 0
    max_bytes_per_file: int = 0
    max_total_bytes: int = 0
    allowed_media_types: list[str] = []
    upload_url: str

    @property
    def upload_origin(self) -> str:
        """Where the browser uploads to; the page itself when the URL is relative."""
        parts = urlsplit(self.upload_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"

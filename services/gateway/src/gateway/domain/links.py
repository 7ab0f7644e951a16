"""The public addresses the gateway hands out: share links, file request pages and guest
invitations (the web app's pages) and QR codes, and the device gateway's tus endpoint for
upload grants."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

TUS_PATH = "/ingest/v1/uploads"


@dataclass(frozen=True)
class PublicLinks:
    gateway_url: str = ""  # empty: links are relative to the gateway that served them
    device_gateway_url: str = ""
    web_url: str = ""  # the web app, whose pages people open (empty: the same origin)

    def share(self, token: str) -> str:
        """The web app's viewer page of a share link (its JSON stays at /public/v1/shares)."""
        return f"{self.web_url.rstrip('/')}/s/{token}"

    def file_request(self, token: str) -> str:
        return f"{self.web_url.rstrip('/')}/f/{token}"

    def guest_invitation(self, token: str) -> str | None:
        """The web app's page that accepts an invitation; None without the web app's address
        (an emailed link must be absolute)."""
        if not self.web_url:
            return None
        return f"{self.web_url.rstrip('/')}/invitations/accept?{urlencode({'token': token})}"

    def tus(self) -> str:
        return f"{self.device_gateway_url.rstrip('/')}{TUS_PATH}"

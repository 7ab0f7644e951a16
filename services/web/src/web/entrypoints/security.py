"""Headers on every response: a strict Content-Security-Policy (no inline script or style,
nothing from another origin but the map's tile server's images, never framed) and the usual
hardening. Plain ASGI, like the platform's HttpObserver, so responses are not buffered."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def csp(img_origins: tuple[str, ...] = ()) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["img-src 'self' data:", *img_origins]),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def tile_origin(url: str) -> str:
    """The origin a tile URL template loads from, as a CSP source ("" for this site's own):
    Leaflet's ``{s}`` subdomain becomes ``*``, the one wildcard CSP allows in a host."""
    parts = urlsplit(url.replace("{s}", "subdomain"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("subdomain", "*", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"


CSP = csp()
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, img_origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.headers = {"content-security-policy": csp(img_origins), **HEADERS}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if not is_static:  # pages show a person's data: never kept by a cache
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)

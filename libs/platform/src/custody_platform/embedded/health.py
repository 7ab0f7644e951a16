"""Health probes: GET /healthz must answer 200."""

from __future__ import annotations

import urllib.request


def healthz_url(host: str, http_port: int) -> str:
    return f"http://{host}:{http_port}/healthz"


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    # Never through a proxy: the services are local, and HTTP_PROXY may well be set.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return int(response.status) == 200
    except (OSError, ValueError):
        return False

"""Web app settings: where the gateway is, and how long a browser session lives."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings
from pydantic import PositiveInt


class Settings(ServiceSettings):
    service_name: str = "web"
    # The gateway's public HTTP API, as the web app reaches it (the embedded stack sets it).
    gateway_url: str = "http://127.0.0.1:8000"
    # Matches the gateway's session idle limit (decision 0016): past it, sign in again.
    session_idle_minutes: PositiveInt = 30
    gateway_timeout_seconds: float = 15.0
    # Map tiles for the "Find cameras" map: OpenStreetMap's by default; an agency points it at
    # its own tile server. Its origin alone is added to the CSP's img-src. Without reachable
    # tiles the map still draws cameras, the search circle and the scale.
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )
    # Where browsers send uploads with tus (the device gateway, as the stack publishes it): its
    # origin alone is added to the upload and field-capture pages' CSP connect-src. Empty: this
    # site's own origin (a front door routing /ingest/ to the device gateway).
    device_gateway_public_url: str = ""
    # The ledger key's id (16 hex) or full SHA-256 fingerprint as the agency published it: the
    # chain-of-custody pages compare the key they fetch with it (decision 0031). Empty: the
    # page shows the fingerprint and says nothing is pinned.
    ledger_key_pin: str = ""

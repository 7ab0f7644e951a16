"""Settings of the requests service."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "requests"
    # The longest window one line item may ask a device for.
    max_line_item_hours: float = 12.0

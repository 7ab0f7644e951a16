"""Settings of the registry service."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "registry"

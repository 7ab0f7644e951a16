"""Audit settings: nothing beyond the platform's for now (tree-head signing keys come later)."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "audit"

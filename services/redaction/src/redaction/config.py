"""Redaction settings: nothing beyond the platform's while jobs are only queued."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "redaction"

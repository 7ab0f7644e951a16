"""Notifier settings: where mail goes, who it is from, and the links it carries."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifier"
    public_base_url: str = "http://127.0.0.1:8000"
    mail_from: str = "Custody <no-reply@custody.localhost>"
    smtp_timeout_seconds: float = 10.0

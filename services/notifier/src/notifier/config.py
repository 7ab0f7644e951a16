"""Notifier settings: where mail goes, who it is from, the links it carries, and how webhooks
are sent."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings
from pydantic import Field, model_validator


class Settings(ServiceSettings):
    service_name: str = "notifier"
    # The web app's address: every link in an email is one of its pages.
    public_base_url: str = "http://127.0.0.1:8000"
    # The daily digest goes out at this hour (UTC); the scheduler looks this often.
    digest_hour_utc: int = Field(default=7, ge=0, le=23)
    digest_poll_seconds: float = 60.0
    mail_from: str = "Custody <no-reply@custody.localhost>"
    smtp_timeout_seconds: float = 10.0
    webhook_timeout_seconds: float = 10.0
    webhook_poll_seconds: float = 1.0
    # Backoff: the first retry after `base`, each next one `factor` times later, at most `max`.
    webhook_retry_base_seconds: float = 5.0
    webhook_retry_max_seconds: float = 10 * 3600.0
    webhook_max_attempts: int = 8
    webhook_disable_after_seconds: float = 3 * 24 * 3600.0
    # For tests only: http URLs, and receivers on 127.0.0.1 / ::1. Never in production.
    webhook_allow_http: bool = False
    webhook_allow_loopback: bool = False

    @model_validator(mode="after")
    def _refuse_test_reach_in_production(self) -> Settings:
        if self.custody_env == "production" and (
            self.webhook_allow_http or self.webhook_allow_loopback
        ):
            raise ValueError("WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_LOOPBACK are for tests only")
        return self

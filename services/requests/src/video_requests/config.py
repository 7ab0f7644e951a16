"""Settings of the requests service."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings
from pydantic import model_validator

HOUR = 3600.0


class Settings(ServiceSettings):
    service_name: str = "requests"
    # How often the SLA worker looks for items to remind about or expire.
    sla_interval_seconds: float = 30.0
    # Reminders go out when this share of the SLA is left (0.25: the last quarter).
    sla_reminder_share: float = 0.25
    # Seconds in one SLA hour: test stacks shrink the clock to see expiry happen.
    sla_hour_seconds: float = HOUR

    @model_validator(mode="after")
    def _real_clock_in_production(self) -> Settings:
        if self.custody_env == "production" and self.sla_hour_seconds != HOUR:
            raise ValueError("SLA_HOUR_SECONDS may only be changed outside production")
        return self

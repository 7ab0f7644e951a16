"""Gateway settings: identity seeding, token lifetime and the public URL."""

from __future__ import annotations

from custody_platform.settings import ServiceSettings
from pydantic import SecretStr, model_validator

MIB = 1024 * 1024


class Settings(ServiceSettings):
    service_name: str = "gateway"
    first_admin_email: str | None = None
    first_admin_password: SecretStr | None = None
    access_token_minutes: int = 60
    public_base_url: str = ""
    # Where browsers and clients reach the device gateway's tus endpoint for upload grants.
    device_gateway_public_url: str = ""
    max_body_bytes: int = MIB

    @model_validator(mode="after")
    def _require_first_admin_password(self) -> Settings:
        # Without it a fresh production database has no one able to create organizations.
        if self.custody_env == "production" and not self.first_admin_password:
            raise ValueError("FIRST_ADMIN_PASSWORD must be set in production")
        return self

"""Gateway settings: identity seeding, sessions and sign-in limits, and the public URL."""

from __future__ import annotations

from custody_platform.secret_settings import refuse_weak_secret
from custody_platform.settings import ServiceSettings
from pydantic import PositiveInt, SecretStr, model_validator

MIB = 1024 * 1024


class Settings(ServiceSettings):
    service_name: str = "gateway"
    first_admin_email: str | None = None
    first_admin_password: SecretStr | None = None
    # Sign-in sessions (decision 0016): short access tokens, a refresh token per session; a
    # session unused for session_idle_minutes (the CJIS session lock) or older than
    # session_max_hours is refused and its user signs in again.
    access_token_minutes: PositiveInt = 15
    # Every replica reads the token key ring this often; a rotated key signs from twice this
    # after its creation, once all have read it (decision 0046).
    jwt_key_refresh_seconds: PositiveInt = 10
    session_idle_minutes: PositiveInt = 30
    session_max_hours: PositiveInt = 12
    # lockout_threshold failed sign-ins in a row lock an email for lockout_minutes.
    lockout_threshold: PositiveInt = 5
    lockout_minutes: PositiveInt = 30
    # Sign-in attempts per source address and window, counted in Postgres by every replica.
    sign_in_attempts: PositiveInt = 20
    sign_in_window_seconds: PositiveInt = 60
    public_base_url: str = ""
    # Where browsers and clients reach the device gateway's tus endpoint for upload grants.
    device_gateway_public_url: str = ""
    # The web app's address: file request links and QR codes open its pages.
    web_public_url: str = ""
    max_body_bytes: int = MIB
    # The longest a share link, and an upload grant (a public file request's or a direct
    # upload's), may be made to last (decision 0015).
    share_link_max_days: PositiveInt = 90
    upload_grant_max_days: PositiveInt = 30
    # Organizations' OpenID Connect providers (decision 0037): the gateway's requests to them
    # time out after this; http and loopback providers are for tests only, never production.
    oidc_timeout_seconds: float = 10.0
    oidc_allow_http: bool = False
    oidc_allow_loopback: bool = False

    @model_validator(mode="after")
    def _require_first_admin_password(self) -> Settings:
        # Without it a fresh production database has no one able to create organizations.
        if self.custody_env != "production":
            return self
        if self.oidc_allow_http or self.oidc_allow_loopback:
            raise ValueError("OIDC_ALLOW_HTTP and OIDC_ALLOW_LOOPBACK are for tests only")
        if not self.first_admin_password:
            raise ValueError("FIRST_ADMIN_PASSWORD must be set in production")
        refuse_weak_secret("FIRST_ADMIN_PASSWORD", self.first_admin_password.get_secret_value())
        return self

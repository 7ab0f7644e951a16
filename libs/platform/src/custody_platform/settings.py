"""Typed settings shared by every service; each service subclasses ServiceSettings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from custody_platform.secret_settings import (
    MIN_SIGNING_KEY_LENGTH,
    file_sources,
    refuse_weak_secret,
    refuse_weak_url_password,
)

DEV_JWT_SECRET = "dev-only-secret-change-me-it-is-not-secret"
DEV_S3_SECRET = "minioadmin"


class ServiceSettings(BaseSettings):
    """Every setting NAME may instead come from the file NAME_FILE names (Docker secrets)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    service_name: str
    custody_env: Literal["dev", "test", "production"] = "dev"
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    object_store_path: Path = Path(".data/objects")
    s3_endpoint: str | None = None
    s3_access_key: str = "minioadmin"
    s3_secret_key: SecretStr = SecretStr(DEV_S3_SECRET)
    s3_bucket: str = "custody"
    s3_secure: bool = False
    smtp_url: str = "smtp://127.0.0.1:1025"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (uvicorn's
    # forwarded_allow_ips): the front door, and for the gateway the web app. Comma-separated.
    trusted_proxies: str = "127.0.0.1"
    grpc_port: int = 50051
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    log_format: Literal["json", "console"] = "json"
    # One JSON line per HTTP request (custody_platform.access_log); ACCESS_LOG=false stops it.
    access_log: bool = True
    outbox_poll_seconds: float = 0.05
    consumer_max_attempts: int = 3
    # How long a consumer group waits for a member that died without leaving.
    kafka_session_timeout_ms: int = 10_000

    gateway_grpc_addr: str = "127.0.0.1:50050"
    registry_grpc_addr: str = "127.0.0.1:50051"
    requests_grpc_addr: str = "127.0.0.1:50052"
    evidence_grpc_addr: str = "127.0.0.1:50053"
    redaction_grpc_addr: str = "127.0.0.1:50054"
    notifier_grpc_addr: str = "127.0.0.1:50055"
    device_gateway_grpc_addr: str = "127.0.0.1:50056"
    audit_grpc_addr: str = "127.0.0.1:50057"

    @property
    def schema_name(self) -> str:
        """Each service owns one Postgres schema, named after it."""
        return self.service_name.replace("-", "_")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = (init_settings, env_settings, dotenv_settings, file_secret_settings)
        return file_sources(settings_cls, sources)

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> ServiceSettings:
        if self.custody_env != "production":
            return self
        refuse_weak_secret("JWT_SECRET", self.jwt_secret.get_secret_value(), MIN_SIGNING_KEY_LENGTH)
        if self.s3_endpoint:
            refuse_weak_secret("S3_SECRET_KEY", self.s3_secret_key.get_secret_value())
        refuse_weak_url_password("DATABASE_URL", self.database_url)
        refuse_weak_url_password("SMTP_URL", self.smtp_url)
        return self

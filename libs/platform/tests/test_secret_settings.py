"""Secrets from files (NAME_FILE, as Docker secrets mount them) and production's refusal of
default and placeholder secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from custody_platform.settings import ServiceSettings
from pydantic import ValidationError
from pydantic_settings.exceptions import SettingsError

pytestmark = pytest.mark.unit

STRONG_JWT = "k" * 48
STRONG_URL = "postgresql+psycopg://custody:Zq8vL2mNx4Rt7Wp@postgres:5432/custody"


class Settings(ServiceSettings):
    service_name: str = "test"


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CUSTODY_ENV", "JWT_SECRET", "DATABASE_URL", "S3_ENDPOINT", "SMTP_URL"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)


def _secret_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_any_setting_comes_from_the_file_its_file_variable_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET_FILE", str(_secret_file(tmp_path, "jwt", STRONG_JWT + "\n")))
    monkeypatch.setenv("DATABASE_URL_FILE", str(_secret_file(tmp_path, "db", STRONG_URL)))
    monkeypatch.setenv("GRPC_PORT_FILE", str(_secret_file(tmp_path, "port", "50099\n")))
    settings = Settings(custody_env="production")
    assert settings.jwt_secret.get_secret_value() == STRONG_JWT  # the final newline dropped
    assert settings.database_url == STRONG_URL
    assert settings.grpc_port == 50099


def test_a_setting_given_twice_or_an_unreadable_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET_FILE", str(_secret_file(tmp_path, "jwt", STRONG_JWT)))
    monkeypatch.setenv("JWT_SECRET", STRONG_JWT)
    with pytest.raises(SettingsError, match="JWT_SECRET or JWT_SECRET_FILE, not both"):
        Settings()
    monkeypatch.delenv("JWT_SECRET")
    monkeypatch.setenv("JWT_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match=r"JWT_SECRET_FILE names .*missing"):
        Settings()


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({}, "JWT_SECRET"),  # the development default
        ({"jwt_secret": "check"}, "JWT_SECRET"),  # the Makefile's compose-check placeholder
        ({"jwt_secret": "x" * 31}, "JWT_SECRET"),
        ({"jwt_secret": STRONG_JWT, "s3_endpoint": "http://minio:9000"}, "S3_SECRET_KEY"),
        (
            {
                "jwt_secret": STRONG_JWT,
                "s3_endpoint": "http://minio:9000",
                "s3_secret_key": "check-check",
            },
            "S3_SECRET_KEY",
        ),
        (
            {"jwt_secret": STRONG_JWT, "database_url": STRONG_URL.replace("Zq8vL2mNx4Rt7Wp", "pw")},
            "DATABASE_URL",
        ),
        (
            {"jwt_secret": STRONG_JWT, "smtp_url": "smtp://relay:changeme-now@mail:587"},
            "SMTP_URL",
        ),
    ],
)
def test_production_refuses_default_and_placeholder_secrets(
    settings: dict[str, str], named: str
) -> None:
    with pytest.raises(ValidationError, match=named):
        Settings(custody_env="production", **settings)  # type: ignore[arg-type]
    Settings(custody_env="dev", **settings)  # type: ignore[arg-type]


def test_production_starts_with_strong_secrets() -> None:
    settings = Settings(
        custody_env="production",
        jwt_secret=STRONG_JWT,  # type: ignore[arg-type]
        database_url=STRONG_URL,
        s3_endpoint="http://minio:9000",
        s3_secret_key="Hn3kP0qWv8Zx2Lr5",  # type: ignore[arg-type]
        smtp_url="smtp://relay.example.org:587",
    )
    assert settings.custody_env == "production"

"""Secrets in settings: any setting NAME may be read from the file that NAME_FILE names (the
`*_FILE` convention of Docker secrets), and production refuses secrets that are defaults or
placeholders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from pydantic_settings.exceptions import SettingsError
from pydantic_settings.sources import PydanticBaseEnvSettingsSource
from sqlalchemy import make_url

# Values shipped as examples or defaults somewhere (this repository, MinIO, Postgres images,
# the Makefile's compose check): never a production secret, whatever their length.
PLACEHOLDERS = frozenset(
    {"admin", "check", "check-check", "custody", "minioadmin", "password", "postgres", "secret"}
)
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "dev-only", "example")
MIN_PASSWORD_LENGTH = 12
# HS256 wants a key at least as long as its 256-bit hash (RFC 7518, 3.2).
MIN_SIGNING_KEY_LENGTH = 32


class SecretFileSource(PydanticBaseEnvSettingsSource):
    """NAME_FILE=/run/secrets/name: the file's text, less its final newline, is NAME's value.
    Setting both NAME and NAME_FILE is refused: which one wins would be a guess."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls, case_sensitive=False)
        self._environ = {name.lower(): value for name, value in os.environ.items()}

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        for field_key, env_name, value_is_complex in self._extract_field_info(field, field_name):
            path = self._environ.get(f"{env_name}_file")
            if path:
                if env_name in self._environ:
                    raise SecretFileError(
                        f"set {env_name.upper()} or {env_name.upper()}_FILE, not both"
                    )
                return _read_secret(Path(path), env_name.upper()), field_key, value_is_complex
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        try:
            return super().__call__()
        except SettingsError as error:
            # pydantic-settings wraps a field's error in its own vaguer one: show ours.
            cause = error.__cause__
            raise (cause if isinstance(cause, SecretFileError) else error) from None


class SecretFileError(SettingsError):
    """NAME and NAME_FILE both set, or NAME_FILE names a file that cannot be read."""


def _read_secret(path: Path, name: str) -> str:
    try:
        return path.read_text().rstrip("\r\n")
    except OSError as error:
        raise SecretFileError(f"{name}_FILE names {path}, which cannot be read: {error}") from error


def refuse_weak_secret(name: str, value: str, min_length: int = MIN_PASSWORD_LENGTH) -> None:
    """Raises ValueError naming the setting when value is a known placeholder or too short."""
    if is_weak(value, min_length):
        raise ValueError(
            f"{name} is a default, a placeholder or shorter than {min_length} characters; "
            f"production needs a long random secret (set {name} or {name}_FILE)"
        )


def refuse_weak_url_password(name: str, url: str) -> None:
    """The password inside a connection URL (postgresql://user:password@host/db), if any."""
    password = make_url(url).password if "://" in url else None
    if password is not None and is_weak(str(password), MIN_PASSWORD_LENGTH):
        raise ValueError(
            f"the password in {name} is a default, a placeholder or shorter than "
            f"{MIN_PASSWORD_LENGTH} characters; production needs a long random one"
        )


def is_weak(value: str, min_length: int) -> bool:
    folded = value.lower()
    placeholder = folded in PLACEHOLDERS or any(word in folded for word in PLACEHOLDER_WORDS)
    return placeholder or len(value) < min_length


def file_sources(
    settings_cls: type[BaseSettings], sources: tuple[PydanticBaseSettingsSource, ...]
) -> tuple[PydanticBaseSettingsSource, ...]:
    """Init and environment first, then NAME_FILE, then the rest (dotenv, secrets_dir)."""
    init_settings, env_settings, *rest = sources
    return init_settings, env_settings, SecretFileSource(settings_cls), *rest

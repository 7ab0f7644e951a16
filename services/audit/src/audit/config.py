"""Audit settings: where the tree-head signing key lives, how often heads are signed, and the
insert-and-select role the service connects as."""

from __future__ import annotations

from pathlib import Path

from custody_platform.secret_settings import refuse_weak_url_password
from custody_platform.settings import ServiceSettings
from pydantic import model_validator


class Settings(ServiceSettings):
    service_name: str = "audit"
    # PKCS#8 PEM Ed25519 key; outside the database so a database dump cannot forge heads.
    ledger_signing_key_path: Path = Path(".data/ledger-signing-key.pem")
    tree_head_interval_seconds: float = 60.0
    # Where recipients reach the gateway: the receipt's acknowledgement link points there.
    public_base_url: str = "http://127.0.0.1:8000"
    # The web app's address: when set, the receipt links its acknowledgement page (/d/{token})
    # instead of the gateway's bare form.
    web_public_url: str = ""
    # The service's own connection (role audit_ledger: INSERT and SELECT only); migrations
    # still run as DATABASE_URL, the owner. Unset: the service uses DATABASE_URL too.
    audit_writer_database_url: str | None = None

    @property
    def service_database_url(self) -> str:
        return self.audit_writer_database_url or self.database_url

    @model_validator(mode="after")
    def _production_needs_key_and_role(self) -> Settings:
        if self.custody_env != "production":
            return self
        if not self.ledger_signing_key_path.is_file():
            raise ValueError("LEDGER_SIGNING_KEY_PATH must name an existing key file")
        if not self.audit_writer_database_url:
            raise ValueError("AUDIT_WRITER_DATABASE_URL must be set in production")
        refuse_weak_url_password("AUDIT_WRITER_DATABASE_URL", self.audit_writer_database_url)
        return self

"""Redaction settings: the platform's, plus how the job worker leases and reports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from custody_platform.settings import ServiceSettings
from pydantic import model_validator


class Settings(ServiceSettings):
    service_name: str = "redaction"
    # A worker renews its lease every heartbeat; a job whose lease ran out (its worker
    # crashed) is claimed again and the interrupted step rerun.
    redaction_lease_seconds: float = 30.0
    redaction_heartbeat_seconds: float = 1.0
    redaction_progress_seconds: float = 2.0  # at most one RedactionProgress per job this often
    redaction_poll_seconds: float = 0.5
    redaction_max_attempts: int = 3  # per step: a file that crashes every worker fails the job
    redaction_workers: int = 1  # concurrent jobs per process; each one keeps a core busy
    redaction_work_dir: Path = Path(tempfile.gettempdir()) / "custody-redaction"
    # The installation's C2PA CA key (Ed25519 PKCS#8 PEM, decision 0049): outside the
    # database, like the ledger key; every organization's signing key is derived from it.
    # Made on first start except in production, where it must exist.
    c2pa_ca_key_path: Path = Path(".data/c2pa-ca-key.pem")

    @model_validator(mode="after")
    def _production_needs_c2pa_key(self) -> Settings:
        if self.custody_env == "production" and not self.c2pa_ca_key_path.is_file():
            raise ValueError("C2PA_CA_KEY_PATH must name an existing key file")
        return self

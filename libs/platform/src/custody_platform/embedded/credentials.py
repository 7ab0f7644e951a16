"""Secrets of one embedded stack, generated once per data directory and kept in secrets.json,
so a restarted stack accepts the tokens it issued before and the admin password stays valid.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

ADMIN_EMAIL = "admin@custody.local"
LEDGER_KEY_FILE = "ledger-signing-key.pem"
# Redaction makes it on first start, beside the ledger's key (decision 0049).
C2PA_CA_KEY_FILE = "c2pa-ca-key.pem"
# PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), so no crypto library is needed here.
_ED25519_PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")


@dataclass(frozen=True)
class StackSecrets:
    jwt_secret: str
    admin_email: str
    admin_password: str


def load_or_create(data_dir: Path) -> StackSecrets:
    path = data_dir / "secrets.json"
    if path.exists():
        return StackSecrets(**json.loads(path.read_text()))
    created = StackSecrets(
        jwt_secret=secrets.token_urlsafe(48),
        admin_email=ADMIN_EMAIL,
        admin_password=secrets.token_urlsafe(12),
    )
    _write_private(path, json.dumps(asdict(created), indent=2))
    return created


def ledger_signing_key(data_dir: Path) -> Path:
    """The audit service's tree-head signing key (Ed25519, PKCS#8 PEM), made once."""
    path = data_dir / LEDGER_KEY_FILE
    if not path.exists():
        der = _ED25519_PKCS8_PREFIX + secrets.token_bytes(32)
        body = base64.encodebytes(der).decode("ascii").strip()
        _write_private(path, f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----")
    return path


def _write_private(path: Path, text: str) -> None:
    """Readable by the owner only, from the first byte on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(text + "\n")

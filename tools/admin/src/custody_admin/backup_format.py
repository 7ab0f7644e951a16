"""What a backup directory holds, and the names in it (docs/operations.md)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT = 1
MANIFEST = "MANIFEST.json"
ROLES = "roles.sql"  # the database roles the services log in as (pg_dumpall --roles-only)
DATABASE = "database.dump"  # every service's schema, pg_dump's custom format
OBJECTS = "objects"  # one file per object, at its key
OBJECT_LIST = "objects.jsonl"  # key, size, sha256 and object lock of each, one per line
LEDGER_KEY = "ledger-signing-key.pem"
C2PA_CA_KEY = "c2pa-ca-key.pem"  # redaction's C2PA CA key, whence every organization's (0049)
# The manifest field holding each key file's sha256 (backups made before have neither).
KEY_HASHES = {LEDGER_KEY: "ledger_key_sha256", C2PA_CA_KEY: "c2pa_ca_key_sha256"}
STACK_SECRETS = "secrets.json"  # the embedded stack's JWT secret and admin password
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_private(path: Path, data: bytes) -> None:
    """Readable by the owner only from the first byte: keys and secrets go through here."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def read_manifest(directory: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"{directory} is not a Custody backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{directory}: backup format {manifest.get('format')}, expected {FORMAT}")
    return manifest

"""`custody admin backup DIR`: every service's schema, every object, the ledger signing key and
the C2PA CA key, from a running installation, into a new directory (docs/operations.md).

The database is dumped first and the objects copied after it: objects are written before the
rows that name them and never changed, so every object the dump refers to is copied. Each
object is read through the store's verified stream, so a corrupt object fails the backup
instead of being saved."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from custody_platform.objectstore import ObjectStore

from custody_admin import backup_format as fmt
from custody_admin import postgres
from custody_admin.outcome import OK, Outcome, Refused, Unreachable
from custody_admin.stores import object_store
from custody_admin.target import Target


def backup(target: Target, out: Path) -> Outcome:
    if not (target.database_url and target.ledger_key_path and target.c2pa_ca_key_path):
        raise Unreachable(
            "no database or key: give --stack, or set DATABASE_URL, LEDGER_SIGNING_KEY_PATH and "
            "C2PA_CA_KEY_PATH (and OBJECT_STORE_PATH or S3_*) as the services have them"
        )
    keys = {fmt.LEDGER_KEY: target.ledger_key_path, fmt.C2PA_CA_KEY: target.c2pa_ca_key_path}
    for path in keys.values():
        if not Path(path).is_file():
            raise Refused(f"no key file at {path}: a backup without it is no backup")
    _new_directory(out)
    _dump_database(target.database_url, out)
    count, size = _copy_objects(object_store(target), out)
    for name, path in keys.items():
        _copy_private(Path(path), out / name)
    secrets = Path(target.stack_secrets_path) if target.stack_secrets_path else None
    if secrets and secrets.is_file():
        _copy_private(secrets, out / fmt.STACK_SECRETS)
    manifest = {
        "format": fmt.FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database_sha256": fmt.sha256_of(out / fmt.DATABASE),
        "roles_sha256": fmt.sha256_of(out / fmt.ROLES),
        **{field: fmt.sha256_of(out / name) for name, field in fmt.KEY_HASHES.items()},
        "objects": count,
        "object_bytes": size,
        "stack_secrets": bool(secrets and secrets.is_file()),
    }
    (out / fmt.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    text = f"backed up the database, {count} objects ({size} bytes) and the keys to {out}"
    return Outcome(OK, text, {"directory": str(out), **manifest})


def _new_directory(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise Refused(f"{out} is not empty: a backup goes into a new directory")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    out.chmod(0o700)  # it holds the signing key and every piece of evidence


def _dump_database(database_url: str, out: Path) -> None:
    url = postgres.libpq_url(database_url)
    roles = postgres.run("pg_dumpall", "--roles-only", f"--dbname={url}")
    me = postgres.user_of(database_url)
    # The restoring superuser exists already; every other role is the services'.
    kept = [line for line in roles.splitlines() if not _about_role(line, me)]
    fmt.write_private(out / fmt.ROLES, ("\n".join(kept) + "\n").encode())
    postgres.run("pg_dump", "--format=custom", f"--file={out / fmt.DATABASE}", url)


def _about_role(line: str, role: str) -> bool:
    return line.startswith((f"CREATE ROLE {role};", f"ALTER ROLE {role} WITH"))


def _copy_objects(store: ObjectStore, out: Path) -> tuple[int, int]:
    count = size = 0
    with (out / fmt.OBJECT_LIST).open("w") as listing:
        for key in store.iter_keys():
            info = store.stat(key)
            path = out / fmt.OBJECTS / key
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                for chunk in store.open(key):  # verified against the stored sha256
                    file.write(chunk)
            listing.write(json.dumps(_entry(key, info.size, info.sha256, store)) + "\n")
            count, size = count + 1, size + info.size
    return count, size


def _entry(key: str, size: int, sha256: str, store: ObjectStore) -> dict[str, Any]:
    lock = store.lock_state(key)
    until = lock.retain_until.isoformat() if lock.retain_until else None
    return {
        "key": key,
        "size": size,
        "sha256": sha256,
        "retain_until": until,
        "mode": lock.mode if until else None,
        "legal_hold": lock.legal_hold,
    }


def _copy_private(source: Path, destination: Path) -> None:
    fmt.write_private(destination, source.read_bytes())

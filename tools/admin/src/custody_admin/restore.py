"""`custody admin restore DIR`: a backup into an EMPTY installation, checked as it goes.

Into `--data-dir` (an embedded stack's data directory, started afterwards with
`make run DATA_DIR=…`): the database server there is started for the restore and stopped
after it. Otherwise into what the environment names, as the services would read it
(DATABASE_URL, OBJECT_STORE_PATH or S3_*, LEDGER_SIGNING_KEY_PATH, C2PA_CA_KEY_PATH).

Nothing is written until the backup's own hashes (its key files' too) check out; a non-empty
database or object store, or a key file already in place, is refused. Each object goes in with
its expected sha256 (a mismatch stores nothing and stops the restore) and gets its retention
and legal hold back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from custody_platform.objectstore import ObjectStore

from custody_admin import backup_format as fmt
from custody_admin import postgres
from custody_admin.outcome import OK, Outcome, Refused, Unreachable
from custody_admin.stores import filesystem_or_s3


@dataclass(frozen=True)
class Destination:
    database_url: str
    store: ObjectStore
    ledger_key_path: Path
    c2pa_ca_key_path: Path
    stack_secrets_path: Path | None  # embedded only


def restore(source: Path, destination: Destination, *, with_roles: bool = True) -> Outcome:
    manifest = _checked(source)
    postgres.refuse_unless_empty(destination.database_url)
    if next(iter(destination.store.iter_keys()), None) is not None:
        raise Refused("the object store is not empty; restore into a new one")
    keys = _keys_to_write(manifest, destination)
    url = postgres.libpq_url(destination.database_url)
    if with_roles:
        postgres.run("psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1",
                     "-f", str(source / fmt.ROLES), url)  # fmt: skip
    postgres.run("pg_restore", "--exit-on-error", "--single-transaction",
                 f"--dbname={url}", str(source / fmt.DATABASE))  # fmt: skip
    count = _restore_objects(source, destination.store)
    for name, path in keys.items():
        _write_key(source / name, path)
    if manifest["stack_secrets"] and destination.stack_secrets_path:
        _write_key(source / fmt.STACK_SECRETS, destination.stack_secrets_path)
    text = f"restored the database, {count} objects and {len(keys)} keys from {source}"
    return Outcome(OK, text, {"directory": str(source), "objects": count})


def _checked(source: Path) -> dict[str, Any]:
    try:
        manifest = fmt.read_manifest(source)
    except ValueError as exc:
        raise Refused(str(exc)) from exc
    hashes = {fmt.DATABASE: manifest["database_sha256"], fmt.ROLES: manifest["roles_sha256"]}
    hashes |= {name: manifest[key] for name, key in fmt.KEY_HASHES.items() if key in manifest}
    for name, sha256 in hashes.items():
        if fmt.sha256_of(source / name) != sha256:
            raise Refused(f"{source / name} does not match the backup's manifest")
    return manifest


def _restore_objects(source: Path, store: ObjectStore) -> int:
    count = 0
    with (source / fmt.OBJECT_LIST).open() as listing:
        for line in listing:
            entry = json.loads(line)
            with (source / fmt.OBJECTS / entry["key"]).open("rb") as file:
                store.put(entry["key"], file, expected_sha256=entry["sha256"])
            if entry["retain_until"]:
                until = datetime.fromisoformat(entry["retain_until"])
                store.set_retention(entry["key"], until, entry["mode"])
            if entry["legal_hold"]:
                store.set_legal_hold(entry["key"], True)
            count += 1
    return count


def _keys_to_write(manifest: dict[str, Any], destination: Destination) -> dict[str, Path]:
    """Each key file of the backup and where it goes, none of them there yet."""
    keys = {fmt.LEDGER_KEY: destination.ledger_key_path}
    if fmt.KEY_HASHES[fmt.C2PA_CA_KEY] in manifest:  # backups made before have no C2PA key
        keys[fmt.C2PA_CA_KEY] = destination.c2pa_ca_key_path
    for path in keys.values():
        _refuse_existing(path)
    return keys


def _refuse_existing(destination: Path) -> None:
    if destination.exists():
        raise Refused(f"{destination} exists: a restore never replaces a key")


def _write_key(source: Path, destination: Path) -> None:
    _refuse_existing(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fmt.write_private(destination, source.read_bytes())


@contextmanager
def embedded(data_dir: Path) -> Iterator[Destination]:
    """An embedded stack's data directory: its database server runs while we restore."""
    from custody_platform.embedded.credentials import C2PA_CA_KEY_FILE, LEDGER_KEY_FILE
    from custody_platform.embedded.postgres import sqlalchemy_url_for_socket, start_postgres
    from custody_platform.embedded.stack import postgres_dir

    data_dir.mkdir(parents=True, exist_ok=True)
    server, _ = start_postgres(postgres_dir(data_dir))
    try:
        socket_dir = str(server.get_postmaster_info().socket_dir)
        yield Destination(
            database_url=sqlalchemy_url_for_socket(socket_dir),
            store=filesystem_or_s3(data_dir.absolute() / "objects"),
            ledger_key_path=data_dir / LEDGER_KEY_FILE,
            c2pa_ca_key_path=data_dir / C2PA_CA_KEY_FILE,
            stack_secrets_path=data_dir / fmt.STACK_SECRETS,
        )
    finally:
        server.cleanup()


@contextmanager
def from_environment(
    database_url: str | None, ledger_key_path: str | None, c2pa_ca_key_path: str | None
) -> Iterator[Destination]:
    if not (database_url and ledger_key_path and c2pa_ca_key_path):
        raise Unreachable(
            "give --data-dir, or set DATABASE_URL, LEDGER_SIGNING_KEY_PATH and C2PA_CA_KEY_PATH"
        )
    store = filesystem_or_s3(None)
    yield Destination(database_url, store, Path(ledger_key_path), Path(c2pa_ca_key_path), None)

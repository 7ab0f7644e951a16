import json
import re
from pathlib import Path

import pytest
from custody_admin import backup_format, postgres
from custody_admin.backup import _about_role, backup
from custody_admin.outcome import Refused, Unreachable
from custody_admin.restore import Destination, restore
from custody_admin.stores import filesystem_or_s3
from custody_admin.target import Target
from psycopg.conninfo import conninfo_to_dict

pytestmark = pytest.mark.unit


def test_the_services_url_is_given_to_libpq_in_its_own_spelling() -> None:
    url = "postgresql+psycopg://postgres@/postgres?host=/tmp/pg%20dir"
    assert conninfo_to_dict(postgres.libpq_url(url)) == {
        "user": "postgres", "dbname": "postgres", "host": "/tmp/pg dir"
    }  # fmt: skip
    remote = postgres.libpq_url("postgresql+psycopg://u:p%40ss@db:5432/custody")
    assert conninfo_to_dict(remote) == {
        "user": "u", "password": "p@ss", "host": "db", "port": "5432", "dbname": "custody"
    }  # fmt: skip


def test_the_restoring_superuser_is_left_out_of_the_roles_file() -> None:
    assert _about_role("CREATE ROLE postgres;", "postgres")
    assert _about_role("ALTER ROLE postgres WITH SUPERUSER INHERIT;", "postgres")
    assert not _about_role("CREATE ROLE audit_ledger;", "postgres")
    assert not _about_role("CREATE ROLE postgres_reader;", "postgres")


def test_a_directory_without_a_manifest_of_our_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a Custody backup"):
        backup_format.read_manifest(tmp_path)
    (tmp_path / backup_format.MANIFEST).write_text(json.dumps({"format": 99}))
    with pytest.raises(ValueError, match="format 99"):
        backup_format.read_manifest(tmp_path)


def _keys(directory: Path) -> dict[str, Path]:
    keys = {"ledger": directory / "ledger.pem", "c2pa": directory / "c2pa.pem"}
    for name, path in keys.items():
        path.write_text(f"{name} key")
    return keys


def _target(keys: dict[str, Path]) -> Target:
    return Target(
        database_url="postgresql+psycopg://x@/y",
        ledger_key_path=str(keys["ledger"]),
        c2pa_ca_key_path=str(keys["c2pa"]),
    )


def test_a_backup_never_goes_into_a_directory_with_files(tmp_path: Path) -> None:
    (tmp_path / "old").write_text("something")
    with pytest.raises(Refused, match="not empty"):
        backup(_target(_keys(tmp_path)), tmp_path)


def test_a_backup_needs_both_key_files_before_it_writes_anything(tmp_path: Path) -> None:
    keys = _keys(tmp_path)
    with pytest.raises(Unreachable, match="C2PA_CA_KEY_PATH"):
        backup(Target(database_url="postgresql+psycopg://x@/y", ledger_key_path="/k"), tmp_path)
    keys["c2pa"].unlink()
    with pytest.raises(Refused, match=re.escape(f"no key file at {keys['c2pa']}")):
        backup(_target(keys), tmp_path / "new")
    assert not (tmp_path / "new").exists()


def _saved(directory: Path, with_c2pa_key: bool = True) -> Path:
    """A backup directory as `backup` writes it, its dump and roles stand-ins."""
    directory.mkdir()
    files = {backup_format.DATABASE: b"dump", backup_format.ROLES: b"roles"}
    files[backup_format.LEDGER_KEY] = b"ledger key"
    if with_c2pa_key:
        files[backup_format.C2PA_CA_KEY] = b"c2pa key"
    for name, data in files.items():
        (directory / name).write_bytes(data)
    fields = {backup_format.DATABASE: "database_sha256", backup_format.ROLES: "roles_sha256"}
    fields |= backup_format.KEY_HASHES
    manifest = {
        fields[name]: backup_format.sha256_of(directory / name)
        for name in files
        if name != backup_format.LEDGER_KEY or with_c2pa_key
    }
    manifest |= {"format": backup_format.FORMAT, "stack_secrets": False}
    (directory / backup_format.MANIFEST).write_text(json.dumps(manifest))
    return directory


def _destination(directory: Path) -> Destination:
    # No database server: the refusals under test come before any connection.
    return Destination(
        database_url="postgresql+psycopg://nobody@127.0.0.1:9/none",
        store=filesystem_or_s3(directory / "objects"),
        ledger_key_path=directory / "keys" / "ledger.pem",
        c2pa_ca_key_path=directory / "keys" / "c2pa.pem",
        stack_secrets_path=None,
    )


@pytest.mark.parametrize("name", [backup_format.LEDGER_KEY, backup_format.C2PA_CA_KEY])
def test_a_key_file_unlike_the_manifest_is_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    source = _saved(tmp_path / "backup")
    (source / name).write_bytes(b"another key")
    destination = _destination(tmp_path / "new")
    with pytest.raises(Refused, match=re.escape(f"{name} does not match")):
        restore(source, destination)
    assert not (tmp_path / "new" / "keys").exists()


def test_a_backup_from_before_the_key_hashes_is_still_checked_for_its_database(
    tmp_path: Path,
) -> None:
    source = _saved(tmp_path / "backup", with_c2pa_key=False)
    assert set(backup_format.KEY_HASHES.values()).isdisjoint(
        json.loads((source / backup_format.MANIFEST).read_text())
    )
    (source / backup_format.DATABASE).write_bytes(b"tampered")
    with pytest.raises(Refused, match=re.escape("database.dump does not match")):
        restore(source, _destination(tmp_path / "new"))


def test_keys_are_written_for_the_owner_only(tmp_path: Path) -> None:
    backup_format.write_private(tmp_path / "k.pem", b"secret")
    assert (tmp_path / "k.pem").stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        backup_format.write_private(tmp_path / "k.pem", b"other")

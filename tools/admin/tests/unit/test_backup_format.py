import json
from pathlib import Path

import pytest
from custody_admin import backup_format, postgres
from custody_admin.backup import _about_role, backup
from custody_admin.outcome import Refused
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


def test_a_backup_never_goes_into_a_directory_with_files(tmp_path: Path) -> None:
    (tmp_path / "old").write_text("something")
    target = Target(database_url="postgresql+psycopg://x@/y", ledger_key_path="/k.pem")
    with pytest.raises(Refused, match="not empty"):
        backup(target, tmp_path)


def test_keys_are_written_for_the_owner_only(tmp_path: Path) -> None:
    backup_format.write_private(tmp_path / "k.pem", b"secret")
    assert (tmp_path / "k.pem").stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        backup_format.write_private(tmp_path / "k.pem", b"other")

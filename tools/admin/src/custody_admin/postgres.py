"""PostgreSQL's own dump and restore programs, run against the database the services share.

The embedded stack's server is PostgreSQL 16 from the pgserver package, whose programs lie
beside it; a pg_dump older than the server refuses to dump it, so those come first, then the
PATH (an operator's own client tools, as with the compose stack's postgres:16)."""

from __future__ import annotations

import shutil
import subprocess
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo
from sqlalchemy import make_url

from custody_admin.outcome import Refused, Unreachable

TIMEOUT = 6 * 3600.0  # a large database takes its time


def program(name: str) -> str:
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise Unreachable(f"{name} not found: install PostgreSQL's client programs")
    return found


def libpq_url(database_url: str) -> str:
    """The services' SQLAlchemy URL (postgresql+psycopg://…) as a libpq connection string
    (`host=… user=…`), which every PostgreSQL program takes in place of a database name."""
    url = make_url(database_url)
    parts: dict[str, Any] = url.translate_connect_args(username="user", database="dbname")
    parts.update(url.query)
    return make_conninfo(**parts)


def run(name: str, *argv: str, output: Path | None = None) -> str:
    """Runs one program; its stdout goes to `output` when given, else is returned. A failure
    is Unreachable (the database could not be read or written), with the program's words."""
    with output.open("wb") if output else nullcontext(subprocess.PIPE) as sink:
        done = subprocess.run(
            [program(name), *argv], stdout=sink, stderr=subprocess.PIPE, timeout=TIMEOUT
        )
    if done.returncode != 0:
        raise Unreachable(f"{name}: {done.stderr.decode(errors='replace').strip()[-2000:]}")
    return done.stdout.decode() if done.stdout else ""


def user_of(database_url: str) -> str:
    return make_url(database_url).username or "postgres"


def refuse_unless_empty(database_url: str) -> None:
    """A restore goes into an empty database only: never over a live installation."""
    query = (
        "select string_agg(nspname, ', ') from pg_namespace where nspname not in "
        "('public', 'information_schema') and nspname not like 'pg\\_%'"
    )
    found = run("psql", "--no-psqlrc", "-tA", "-c", query, libpq_url(database_url)).strip()
    if found:
        raise Refused(f"the database is not empty (schemas: {found}); restore into a new one")

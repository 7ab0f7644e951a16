"""A real PostgreSQL 16 server from the pgserver package, data kept in a local directory."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

LOCK_FILE = "/tmp/custody-pgserver-start.lock"


def start_postgres(data_dir: Path, *, persistent: bool = True) -> tuple[Any, str]:
    """Start (or reuse) a server in data_dir; returns (server, SQLAlchemy URL)."""
    # pgserver's platformdirs wants a private runtime dir; CI machines often have none.
    runtime_dir = data_dir.parent / ".runtime"
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    # As root, pgserver first creates a `pgserver` system user with an unguarded `useradd`;
    # concurrent starts race on /etc/passwd (we lost the file once). Start one at a time.
    with open(LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        server = pgserver.get_server(str(data_dir), cleanup_mode="stop" if persistent else "delete")
    return server, sqlalchemy_url_for_socket(str(data_dir))


def sqlalchemy_url_for_socket(socket_dir: str, database: str = "postgres") -> str:
    return f"postgresql+psycopg://postgres@/{database}?host={quote(socket_dir)}"

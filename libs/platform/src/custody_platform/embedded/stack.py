"""The backends of the embedded stack: Postgres, Kafka, object store, mail.

Each one is embedded unless its environment variable points at a real one
(DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, SMTP_URL).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from custody_platform.embedded.kafka import MockKafkaCluster
from custody_platform.embedded.postgres import sqlalchemy_url_for_socket, start_postgres
from custody_platform.embedded.smtp import SmtpSink

# A unix socket path must fit in sun_path (108 bytes on Linux) and Postgres puts its socket,
# `.s.PGSQL.5432`, in the data directory: keep that directory's path well under the limit.
MAX_PG_DIR_LENGTH = 80
AUDIT_WRITER = "audit_ledger"


@dataclass
class Backends:
    database_url: str
    kafka_bootstrap_servers: str
    object_store_path: Path | None
    smtp_url: str
    mail_dir: Path | None
    # The audit service's insert-and-select role (created by its migrations; trust auth on
    # the embedded server's socket). None with an external database: set it yourself.
    audit_writer_database_url: str | None = None
    # The mock cluster when we started it (the supervisor's SIGUSR1/SIGUSR2 switch it).
    kafka_cluster: MockKafkaCluster | None = None
    _resources: ExitStack = field(default_factory=ExitStack, repr=False)

    def stop(self) -> None:
        """Stops what we started, in reverse order: mail, Kafka, Postgres."""
        self._resources.close()


def start_backends(data_dir: Path) -> Backends:
    with ExitStack() as resources:
        backends = Backends(
            database_url=os.environ.get("DATABASE_URL") or _postgres(data_dir, resources),
            kafka_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "",
            object_store_path=None if os.environ.get("S3_ENDPOINT") else _objects(data_dir),
            smtp_url=os.environ.get("SMTP_URL") or _smtp(data_dir / "mail", resources),
            mail_dir=None if os.environ.get("SMTP_URL") else data_dir / "mail",
        )
        if not backends.kafka_bootstrap_servers:
            backends.kafka_cluster = _kafka(resources)
            backends.kafka_bootstrap_servers = backends.kafka_cluster.bootstrap_servers
        if not os.environ.get("DATABASE_URL"):
            backends.audit_writer_database_url = _as_role(backends.database_url, AUDIT_WRITER)
        backends._resources = resources.pop_all()
        return backends


def postgres_dir(data_dir: Path) -> Path:
    """<data-dir>/pg, or a short directory under /tmp when that path is too long for the
    socket (a deep checkout, pytest's tmp_path). Then <data-dir>/pg is a symlink to it, so
    operators still find the data there, and the /tmp name is a hash of the data dir, so a
    restart finds the same cluster.
    """
    pg = data_dir.absolute() / "pg"
    if len(str(pg)) <= MAX_PG_DIR_LENGTH or (pg.is_dir() and not pg.is_symlink()):
        return pg
    digest = hashlib.sha256(str(pg).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"custody-pg-{digest}"
    if not pg.is_symlink():
        pg.symlink_to(short, target_is_directory=True)
    return short


def _postgres(data_dir: Path, resources: ExitStack) -> str:
    server, _ = start_postgres(postgres_dir(data_dir))
    resources.callback(server.cleanup)
    return _socket_url(server)


def _socket_url(server: Any) -> str:
    """pgserver may have put the socket outside the data dir; ask the running server."""
    socket_dir = server.get_postmaster_info().socket_dir
    return sqlalchemy_url_for_socket(str(socket_dir))


def _as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def _kafka(resources: ExitStack) -> MockKafkaCluster:
    cluster = MockKafkaCluster()
    resources.callback(cluster.close)
    return cluster


def _objects(data_dir: Path) -> Path:
    path = data_dir.absolute() / "objects"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _smtp(mail_dir: Path, resources: ExitStack) -> str:
    sink = SmtpSink(mail_dir.absolute()).start()
    resources.callback(sink.stop)
    return sink.url

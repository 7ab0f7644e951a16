"""Shared pytest fixtures: real backends, chosen in order — the URL in the environment,
then the embedded backend (pgserver, librdkafka's mock cluster, filesystem store, SMTP sink).

Docker is not used for Postgres or Kafka here: the embedded servers are real servers, and
testcontainers only pays off where nothing embedded exists (MinIO, see objectstore tests).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from custody_platform.embedded.kafka import MockKafkaCluster
from custody_platform.embedded.postgres import start_postgres
from custody_platform.embedded.smtp import SmtpSink


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLAlchemy URL for a real PostgreSQL server."""
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    # Short path: Postgres unix socket paths are limited to ~100 bytes.
    data_dir = Path(f"/tmp/custody-pg-{uuid.uuid4().hex[:8]}")
    server, url = start_postgres(data_dir, persistent=False)
    try:
        yield url
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def mock_kafka() -> Iterator[MockKafkaCluster | None]:
    """The embedded cluster, or None when KAFKA_BOOTSTRAP_SERVERS points elsewhere."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield None
        return
    cluster = MockKafkaCluster()
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="session")
def kafka_bootstrap_servers(mock_kafka: MockKafkaCluster | None) -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or mock_kafka.bootstrap_servers  # type: ignore[union-attr]


@pytest.fixture
def smtp_sink(tmp_path: Path) -> Iterator[SmtpSink]:
    """A real SMTP server on 127.0.0.1 whose messages tests read with `smtp_sink.messages()`.

    Always embedded, even when SMTP_URL is set: reading mail back from an external server
    (Mailpit's HTTP API, say) is that server's business and out of scope here.
    """
    with SmtpSink(tmp_path / "mail") as sink:
        yield sink


@pytest.fixture
def unique_schema() -> str:
    """A fresh schema name so tests sharing one server never see each other's rows."""
    return f"t_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def unique_topic() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"

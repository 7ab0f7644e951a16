"""Every service's Alembic history builds exactly what its ORM maps, and re-running is a no-op."""

from __future__ import annotations

import importlib

import pytest
from custody_platform.testing.migrations import PLATFORM_TABLES, migrate_and_diff

pytestmark = pytest.mark.integration

SERVICES = [
    "gateway",
    "registry",
    "video_requests",
    "evidence",
    "redaction",
    "notifier",
    "device_gateway",
    "audit",
]


@pytest.mark.parametrize("package", SERVICES)
def test_migrations_match_the_orm(package: str, database_url: str) -> None:
    metadata = importlib.import_module(f"{package}.adapters.orm").Base.metadata
    tables, diff = migrate_and_diff(package, metadata, database_url)
    mapped = {table.name for table in metadata.sorted_tables}
    assert mapped and mapped | PLATFORM_TABLES <= tables
    assert diff == []

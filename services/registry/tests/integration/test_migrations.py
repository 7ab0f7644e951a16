"""The Alembic history builds exactly the tables the ORM expects."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from custody_platform.migrations import upgrade
from registry.adapters.orm import SCHEMA, Base
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

pytestmark = pytest.mark.integration


def _only_mapped(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Ignore tables the ORM does not map: the platform's outbox and Alembic's version table."""
    return not (type_ == "table" and reflected and compare_to is None)


def test_migrations_match_the_orm(database_url: str) -> None:
    upgrade("registry", database_url)
    upgrade("registry", database_url)  # a second run is a no-op
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names(schema=SCHEMA))
        context = MigrationContext.configure(
            conn, opts={"include_schemas": True, "include_object": _only_mapped}
        )
        diff = compare_metadata(context, Base.metadata)
    assert {"cameras", "outbox", "processed_events"} <= tables
    assert diff == []

"""Schema drift check: a service's Alembic history must build exactly what its ORM maps."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy.pool import NullPool

from custody_platform.migrations import upgrade

PLATFORM_TABLES = {"outbox", "processed_events"}


def _only_mapped(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Ignore tables the ORM does not map: the platform's outbox and Alembic's version table."""
    return not (type_ == "table" and reflected and compare_to is None)


def migrate_and_diff(
    package: str, metadata: MetaData, database_url: str
) -> tuple[set[str], list[Any]]:
    """Upgrade twice (the second run must be a no-op); return (tables, differences from the ORM)."""
    upgrade(package, database_url)
    upgrade(package, database_url)
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names(schema=metadata.schema))
        context = MigrationContext.configure(
            conn, opts={"include_schemas": True, "include_object": _only_mapped}
        )
        diff = compare_metadata(context, metadata)
    engine.dispose()
    return tables, list(diff)

"""Alembic, one migration history per service, each in the service's own schema."""

from __future__ import annotations

import time
from importlib.resources import files

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.pool import NullPool


def alembic_config(package: str, database_url: str) -> Config:
    """Config for `<package>/migrations`; the URL goes in attributes (no %-interpolation)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(files(package) / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(package: str, database_url: str) -> None:
    command.upgrade(alembic_config(package, database_url), "head")


def run_env(metadata: MetaData) -> None:
    """Body of every service's migrations/env.py: online migrations in the metadata's schema."""
    schema = metadata.schema
    assert schema, "service metadata must name its schema"
    engine = create_engine(context.config.attributes["database_url"], poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        conn.commit()
        context.configure(
            connection=conn,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=True,
            include_name=lambda name, type_, _: type_ != "schema" or name == schema,
        )
        with context.begin_transaction():
            context.run_migrations()


def wait_for_database(database_url: str, timeout: float = 60.0) -> None:
    """Prestart: a service whose database is still booting waits for it, then fails loudly."""
    engine = create_engine(database_url, poolclass=NullPool)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)

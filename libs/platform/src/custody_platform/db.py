"""Database engine and sessions: one async engine per service, its tables in its own schema."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def service_metadata(schema: str) -> MetaData:
    """Metadata for one service's tables; give it to a SQLModel base class as `metadata`."""
    return MetaData(schema=schema)


def array_literal(values: Iterable[object]) -> str:
    """A Postgres array literal ('{a,b}') of values whose text needs no quoting (numbers,
    UUIDs, hex): cast in SQL, it binds thousands of values far faster than the driver's
    per-element list adaptation."""
    return "{" + ",".join(map(str, values)) + "}"


def contains_pattern(text: str) -> str:
    """An ILIKE pattern matching values that hold ``text`` as typed: its `%` and `_` are no
    wildcards (Postgres's default LIKE escape is the backslash)."""
    literal = text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{literal}%"

"""The custody ledger table in the "audit" schema; a trigger makes it append-only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, DateTime, Index, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Base(SQLModel):
    metadata = service_metadata("audit")


class LedgerEntry(Base, table=True):
    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_object_id", "object_id", "idx"),)

    idx: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    event_id: uuid.UUID = Field(unique=True)
    record: dict[str, Any] = Field(sa_type=JSONB)
    canonical: str = Field(sa_type=Text)
    leaf_hash: bytes
    object_id: str = Field(sa_type=Text)
    appended_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))

"""The custody ledger table in the "audit" schema; a trigger makes it append-only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_platform.db import service_metadata
from sqlalchemy import BigInteger, DateTime, Index, SmallInteger, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


_NO_AUTOINCREMENT = {"autoincrement": False}


class Base(SQLModel):
    metadata = service_metadata("audit")


class LedgerEntry(Base, table=True):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_object_id", "object_id", "idx"),
        Index("ix_ledger_entries_actor", text("(record->>'actor_id')"), "idx"),
        Index("ix_ledger_entries_case", text("((record->'details')->>'case_id')"), "idx"),
        Index("ix_ledger_entries_time", text("audit.record_time(record)"), "idx"),
    )

    idx: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    event_id: uuid.UUID = Field(unique=True)
    record: dict[str, Any] = Field(sa_type=JSONB)
    canonical: str = Field(sa_type=Text)
    leaf_hash: bytes
    object_id: str = Field(sa_type=Text)
    appended_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class LedgerNode(Base, table=True):
    """The hash of the complete subtree over leaves [idx * 2^level, (idx + 1) * 2^level),
    for levels 1 and up (level 0 is each entry's leaf_hash)."""

    __tablename__ = "ledger_nodes"

    level: int = Field(
        primary_key=True, sa_type=SmallInteger, sa_column_kwargs={"autoincrement": False}
    )
    idx: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    hash: bytes


class TreeHead(Base, table=True):
    """A signed tree head (STH): the root of the first tree_size leaves, signed with Ed25519."""

    __tablename__ = "tree_heads"
    __table_args__ = (Index("ix_tree_heads_tree_size", "tree_size"),)

    id: int | None = Field(
        default=None,
        primary_key=True,
        sa_type=BigInteger,
        sa_column_kwargs={"server_default": None},
    )
    tree_size: int = Field(sa_type=BigInteger)
    root_hash: bytes
    timestamp_ms: int = Field(sa_type=BigInteger)
    key_id: str = Field(sa_type=Text)
    signature: bytes


class Disclosure(Base, table=True):
    """A disclosure package, written once it is complete in the object store."""

    __tablename__ = "disclosures"

    id: uuid.UUID = Field(primary_key=True)
    org_id: uuid.UUID
    case_id: uuid.UUID = Field(index=True)
    evidence_ids: list[str] = Field(sa_type=JSONB)
    recipient_name: str = Field(sa_type=Text)
    recipient_email: str = Field(sa_type=Text)
    note: str = Field(sa_type=Text)
    created_by: uuid.UUID
    object_key: str = Field(sa_type=Text)
    size: int = Field(sa_type=BigInteger)
    sha256: str = Field(sa_type=Text)
    tree_head_id: int = Field(sa_type=BigInteger)
    token_hash: bytes = Field(unique=True)
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class DisclosureAcknowledgement(Base, table=True):
    """The recipient's acknowledgement; the primary key makes it once only."""

    __tablename__ = "disclosure_acknowledgements"

    disclosure_id: uuid.UUID = Field(primary_key=True, foreign_key="audit.disclosures.id")
    name: str = Field(sa_type=Text)
    source_address: str | None = Field(default=None, sa_type=Text)
    acknowledged_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class DisclosureBuild(Base, table=True):
    """A disclosure being built in the background, then its state for good (ready or failed).
    The only mutable row of the schema: state, progress and the builder's lease. The token is
    kept only while the receipt still has to be written, as the principal the build runs as."""

    __tablename__ = "disclosure_builds"
    __table_args__ = (
        Index("ix_audit_disclosure_builds_case", "case_id", "created_at"),
        Index(
            "ix_audit_disclosure_builds_building",
            "lease_until",
            postgresql_where=text("state = 'building'"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    org_id: uuid.UUID
    case_id: uuid.UUID
    evidence_ids: list[str] = Field(sa_type=JSONB)
    recipient_name: str = Field(sa_type=Text)
    recipient_email: str = Field(sa_type=Text)
    note: str = Field(sa_type=Text)
    created_by: uuid.UUID
    principal: dict[str, Any] = Field(sa_type=JSONB)
    source_address: str | None = Field(default=None, sa_type=Text)
    token: str | None = Field(default=None, sa_type=Text)
    state: str = Field(default="building", sa_type=Text)
    failure_reason: str = Field(default="", sa_type=Text)
    items_done: int = 0
    items_total: int
    bytes_done: int = Field(default=0, sa_type=BigInteger)
    bytes_total: int = Field(sa_type=BigInteger)
    items: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONB)  # once ready
    attempts: int = 0
    lease_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=_now, sa_type=DateTime(timezone=True))


class SigningKey(Base, table=True):
    """The public half of a key that has signed tree heads, from its first head on."""

    __tablename__ = "signing_keys"
    __table_args__ = (Index("ix_audit_signing_keys_first_used", "first_used_ms"),)

    key_id: str = Field(primary_key=True, sa_type=Text)
    algorithm: str = Field(sa_type=Text)
    public_key_pem: str = Field(sa_type=Text)
    first_used_ms: int = Field(sa_type=BigInteger)

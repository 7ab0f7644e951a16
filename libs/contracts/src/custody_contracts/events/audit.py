"""The custody record every service writes, and the audit service's own events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from custody_contracts import topics
from custody_contracts.events.base import Event


class AuditRecord(Event):
    """One entry of the chain of custody: who did what to which object, when, from where."""

    topic: ClassVar[str] = topics.AUDIT_RECORDS
    key_field: ClassVar[str] = "object_id"
    type: Literal["audit.record.v1"] = "audit.record.v1"
    service: str
    actor_type: Literal["user", "device", "service", "public"]
    actor_id: str
    actor_org_id: uuid.UUID | None = None
    # Set when the actor, a platform operator, acted for this organization as its
    # administrator (decision 0048); None otherwise and in older records.
    acting_for: uuid.UUID | None = None
    action: str
    object_type: str
    object_id: str
    object_hash: str | None = None
    org_ids: tuple[uuid.UUID, ...] = ()
    occurred_at: datetime
    source_address: str | None = None
    reason: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class DisclosureCreated(Event):
    """A disclosure package of evidence on a case was built and stored."""

    topic: ClassVar[str] = topics.AUDIT
    key_field: ClassVar[str] = "case_id"
    type: Literal["audit.disclosure_created.v1"] = "audit.disclosure_created.v1"
    disclosure_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    evidence_ids: tuple[uuid.UUID, ...]
    sha256: str
    size: int
    tree_head_id: int
    created_by: uuid.UUID | None = None  # who asked for it (None from older builds)


class DisclosureAcknowledged(Event):
    topic: ClassVar[str] = topics.AUDIT
    key_field: ClassVar[str] = "case_id"
    type: Literal["audit.disclosure_acknowledged.v1"] = "audit.disclosure_acknowledged.v1"
    disclosure_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID

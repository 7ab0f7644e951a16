"""The evidence service's events: cases, evidence items, access, file requests."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from custody_contracts import topics
from custody_contracts.events.base import Event


class EvidenceIngested(Event):
    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.evidence_ingested.v1"] = "evidence.evidence_ingested.v1"
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    sha256: str
    size: int
    source: str
    request_id: uuid.UUID | None = None
    line_item_id: uuid.UUID | None = None


class RedactionRequested(Event):
    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["evidence.redaction_requested.v1"] = "evidence.redaction_requested.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    requested_by: uuid.UUID
    filename: str = ""
    content_type: str = ""


class CaseSaved(Event):
    """A case was created, edited, changed status or legal hold."""

    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.case_saved.v1"] = "evidence.case_saved.v1"
    case_id: uuid.UUID
    org_id: uuid.UUID
    number: str
    status: str
    legal_hold: bool = False
    change: Literal["created", "updated", "status_changed", "legal_hold_changed"]


class EvidenceChanged(Event):
    """An evidence item's metadata or lifecycle changed (not its bytes: originals are immutable)."""

    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["evidence.evidence_changed.v1"] = "evidence.evidence_changed.v1"
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    change: Literal[
        "updated",
        "commented",
        "added_to_case",
        "processed",
        "legal_hold_changed",
        "deleted",
        "restored",
        "purged",
        "retention_locked",
    ]
    case_id: uuid.UUID | None = None


class AccessChanged(Event):
    """A permission grant or share link on a case or evidence item was created or revoked."""

    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "object_id"
    type: Literal["evidence.access_changed.v1"] = "evidence.access_changed.v1"
    access_id: uuid.UUID
    org_id: uuid.UUID
    object_type: Literal["case", "evidence"]
    object_id: uuid.UUID
    kind: Literal["grant", "share_link"]
    change: Literal["created", "revoked"]
    permission: str
    grantee_type: str | None = None
    grantee_id: uuid.UUID | None = None
    expires_at: datetime | None = None


class FileRequestChanged(Event):
    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.file_request_changed.v1"] = "evidence.file_request_changed.v1"
    file_request_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    change: Literal["created", "revoked"]


class PublicEvidenceReceived(Event):
    """A member of the public uploaded a file through a file request; investigators are told."""

    topic: ClassVar[str] = topics.EVIDENCE
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.public_evidence_received.v1"] = "evidence.public_evidence_received.v1"
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    case_number: str
    file_request_id: uuid.UUID | None = None
    filename: str
    size: int
    notify_user_ids: tuple[uuid.UUID, ...] = ()

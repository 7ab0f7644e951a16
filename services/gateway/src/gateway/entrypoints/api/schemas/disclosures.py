"""Disclosure packages: what the API takes to build one, and what it shows of one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.fields import read_time
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Line, Name, Text, UniqueIds
from gateway.entrypoints.api.schemas.identity import EMAIL_PATTERN


class DisclosureCreate(BaseModel):
    evidence_ids: UniqueIds = Field(min_length=1, max_length=100)
    recipient_name: Name = Field(min_length=1, max_length=200)
    recipient_email: Line = Field(default="", max_length=254, pattern=f"^$|{EMAIL_PATTERN}")
    note: Text = Field(default="", max_length=2000)


class DisclosureProgress(BaseModel):
    items_done: int
    items_total: int
    bytes_done: int
    bytes_total: int


class DisclosedItemPublic(BaseModel):
    evidence_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str


class DisclosurePublic(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    evidence_ids: list[uuid.UUID]
    recipient_name: str
    recipient_email: str
    note: str
    created_by: uuid.UUID | None
    # The package is built in the background: size, sha256 and tree_head_id once "ready".
    state: Literal["building", "ready", "failed"]
    failure_reason: str | None
    progress: DisclosureProgress
    items: list[DisclosedItemPublic]  # once ready: what the package holds
    size: int | None
    sha256: str | None
    tree_head_id: int | None
    created_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class DisclosureList(BaseModel):
    items: list[DisclosurePublic]


class DisclosureCreatedPublic(DisclosurePublic):
    acknowledgement_token: str  # shown once; also printed on the package's receipt


class DisclosureForRecipient(BaseModel):
    """What the holder of the receipt's token sees: what was disclosed to them, and whether
    they acknowledged it; nothing of the organization's own records."""

    id: uuid.UUID
    recipient_name: str
    note: str
    items: list[DisclosedItemPublic]
    size: int
    sha256: str
    created_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class AcknowledgementPublic(BaseModel):
    disclosure_id: uuid.UUID
    acknowledged_at: datetime | None
    acknowledged_by: str


def disclosure_public(found: audit_pb2.Disclosure) -> DisclosurePublic:
    ready = found.state == "ready"
    return DisclosurePublic(
        id=uuid.UUID(found.id),
        case_id=uuid.UUID(found.case_id),
        evidence_ids=[uuid.UUID(e) for e in found.evidence_ids],
        recipient_name=found.recipient_name,
        recipient_email=found.recipient_email,
        note=found.note,
        created_by=uuid.UUID(found.created_by) if found.created_by else None,
        state=found.state or "ready",  # type: ignore[arg-type]
        failure_reason=found.failure_reason or None,
        progress=DisclosureProgress(
            items_done=found.items_done,
            items_total=found.items_total,
            bytes_done=found.bytes_done,
            bytes_total=found.bytes_total,
        ),
        items=_items(found),
        size=found.size if ready else None,
        sha256=found.sha256 if ready else None,
        tree_head_id=found.tree_head_id if ready else None,
        created_at=read_time(found, "created_at"),
        acknowledged_at=read_time(found, "acknowledged_at"),
        acknowledged_by=found.acknowledged_by or None,
    )


def _items(found: audit_pb2.Disclosure) -> list[DisclosedItemPublic]:
    return [
        DisclosedItemPublic(
            evidence_id=uuid.UUID(i.evidence_id),
            filename=i.filename,
            content_type=i.content_type,
            size=i.size,
            sha256=i.sha256,
        )
        for i in found.items
    ]


def disclosure_for_recipient(found: audit_pb2.Disclosure) -> DisclosureForRecipient:
    return DisclosureForRecipient(
        id=uuid.UUID(found.id),
        recipient_name=found.recipient_name,
        note=found.note,
        items=_items(found),
        size=found.size,
        sha256=found.sha256,
        created_at=read_time(found, "created_at"),
        acknowledged_at=read_time(found, "acknowledged_at"),
        acknowledged_by=found.acknowledged_by or None,
    )


def disclosure_created_public(found: audit_pb2.Disclosure) -> DisclosureCreatedPublic:
    base = disclosure_public(found).model_dump()
    return DisclosureCreatedPublic(**base, acknowledgement_token=found.acknowledgement_token)


def acknowledgement_public(found: audit_pb2.Disclosure) -> AcknowledgementPublic:
    return AcknowledgementPublic(
        disclosure_id=uuid.UUID(found.id),
        acknowledged_at=read_time(found, "acknowledged_at"),
        acknowledged_by=found.acknowledged_by,
    )

"""Disclosure packages: what the API takes to build one, and what it shows of one."""

from __future__ import annotations

import uuid
from datetime import datetime

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


class DisclosurePublic(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    evidence_ids: list[uuid.UUID]
    recipient_name: str
    recipient_email: str
    size: int
    sha256: str
    tree_head_id: int
    created_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class DisclosureCreatedPublic(DisclosurePublic):
    acknowledgement_token: str  # shown once; also printed on the package's receipt


class AcknowledgementPublic(BaseModel):
    disclosure_id: uuid.UUID
    acknowledged_at: datetime | None
    acknowledged_by: str


def disclosure_public(found: audit_pb2.Disclosure) -> DisclosurePublic:
    return DisclosurePublic(
        id=uuid.UUID(found.id),
        case_id=uuid.UUID(found.case_id),
        evidence_ids=[uuid.UUID(e) for e in found.evidence_ids],
        recipient_name=found.recipient_name,
        recipient_email=found.recipient_email,
        size=found.size,
        sha256=found.sha256,
        tree_head_id=found.tree_head_id,
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

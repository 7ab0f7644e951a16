"""The custody ledger as the API shows it: entries, signed tree heads, proofs, the key."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.fields import read_time
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import optional_text


class AuditRecordPublic(BaseModel):
    index: int  # leaf index in the Merkle log
    event_id: str
    service: str
    actor_type: str
    actor_id: str
    # The organization a platform operator (actor_id) acted for as its administrator.
    acting_for: str | None = None
    action: str
    object_type: str
    object_id: str
    object_hash: str | None
    occurred_at: datetime | None
    source_address: str | None
    reason: str | None
    leaf_hash: str
    details: dict[str, Any]


class AuditRecordsPublic(BaseModel):
    items: list[AuditRecordPublic]
    count: int
    next_start_index: int | None = None  # pass as start_index for the next page


def audit_record_public(entry: audit_pb2.AuditEntry) -> AuditRecordPublic:
    return AuditRecordPublic(
        index=entry.index,
        event_id=entry.event_id,
        service=entry.service,
        actor_type=entry.actor_type,
        actor_id=entry.actor_id,
        acting_for=optional_text(entry.acting_for),
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_hash=optional_text(entry.object_hash),
        occurred_at=read_time(entry, "occurred_at"),
        source_address=optional_text(entry.source_address),
        reason=optional_text(entry.reason),
        leaf_hash=entry.leaf_hash,
        details=json.loads(entry.details_json or "{}"),
    )


def audit_records_public(response: audit_pb2.ListRecordsResponse) -> AuditRecordsPublic:
    items = [audit_record_public(e) for e in response.entries]
    following = response.next_start_index or None
    return AuditRecordsPublic(items=items, count=len(items), next_start_index=following)


class TreeHeadPublic(BaseModel):
    """A signed tree head; the signature covers signed_text (see the ledger decision record)."""

    id: int
    tree_size: int
    root_hash: str
    timestamp_ms: int
    key_id: str
    signature: str


class InclusionProofPublic(BaseModel):
    record: AuditRecordPublic
    canonical: str  # the text whose SHA-256(0x00 || text) is the leaf hash
    tree_head: TreeHeadPublic
    audit_path: list[str]


class ConsistencyProofPublic(BaseModel):
    from_head: TreeHeadPublic
    to_head: TreeHeadPublic
    proof: list[str]


class PublicKeyPublic(BaseModel):
    key_id: str
    algorithm: str
    public_key_pem: str
    valid_from_ms: int | None = Field(
        default=None, description="Its first signed tree head; null before it has signed one"
    )
    valid_until_ms: int | None = Field(
        default=None,
        description="The next key's first tree head, after which it signs none; null while "
        "it is the signing key",
    )


class PublicKeysPublic(BaseModel):
    """Every key that has signed tree heads, oldest first; the last one signs new heads."""

    items: list[PublicKeyPublic]


def public_key_public(key: audit_pb2.PublicKey) -> PublicKeyPublic:
    return PublicKeyPublic(
        key_id=key.key_id,
        algorithm=key.algorithm,
        public_key_pem=key.public_key_pem,
        valid_from_ms=key.valid_from_ms or None,
        valid_until_ms=key.valid_until_ms or None,
    )


def tree_head_public(head: audit_pb2.TreeHead) -> TreeHeadPublic:
    return TreeHeadPublic(
        id=head.id,
        tree_size=head.tree_size,
        root_hash=head.root_hash,
        timestamp_ms=head.timestamp_ms,
        key_id=head.key_id,
        signature=head.signature,
    )


def inclusion_proof_public(proof: audit_pb2.InclusionProof) -> InclusionProofPublic:
    return InclusionProofPublic(
        record=audit_record_public(proof.entry),
        canonical=proof.entry.canonical,
        tree_head=tree_head_public(proof.tree_head),
        audit_path=list(proof.audit_path),
    )


def consistency_proof_public(proof: audit_pb2.ConsistencyProof) -> ConsistencyProofPublic:
    return ConsistencyProofPublic(
        from_head=tree_head_public(proof.from_head),
        to_head=tree_head_public(proof.to_head),
        proof=list(proof.proof),
    )

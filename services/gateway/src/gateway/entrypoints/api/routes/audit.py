"""The custody ledger: entries the caller's organization is party to, signed tree heads,
inclusion and consistency proofs, and the public key that checks the heads."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import timestamp
from fastapi import APIRouter, Query, status

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.schemas.audit import (
    AuditRecordsPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
    PublicKeyPublic,
    PublicKeysPublic,
    TreeHeadPublic,
    audit_records_public,
    consistency_proof_public,
    inclusion_proof_public,
    public_key_public,
    tree_head_public,
)
from gateway.entrypoints.api.schemas.common import Int64Id, Limit, Moment, ParamText

router = APIRouter(prefix="/audit", tags=["audit"], responses=UPSTREAM)
# No token needed: anyone checking a disclosure package may fetch the key.
public_router = APIRouter(prefix="/audit", tags=["audit"], responses=UPSTREAM)

Id = Annotated[ParamText, Query(min_length=1, max_length=200)]
TreeHeadId = Annotated[Int64Id, Query(description="A signed tree head's id; 0 for the latest.")]


@router.get("/records", responses=INVALID)
async def list_audit_records(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    object_id: Id | None = None,
    case_id: uuid.UUID | None = None,
    actor_id: Id | None = None,
    since: Annotated[Moment | None, Query()] = None,
    until: Annotated[Moment | None, Query()] = None,
    start_index: Annotated[Int64Id, Query(description="The first leaf index to list.")] = 0,
    limit: Annotated[Limit, Query()] = 500,
) -> AuditRecordsPublic:
    """Entries matching every filter given (at least one), in ledger order. A case's records
    are those about the case and those whose details name it as case_id."""
    request = audit_pb2.ListRecordsRequest(
        object_id=object_id or "",
        case_id=str(case_id) if case_id else "",
        actor_id=actor_id or "",
        since=timestamp(since),
        until=timestamp(until),
        start_index=start_index,
        limit=limit,
    )
    found = await upstream.audit.ListRecords(request, metadata=call_metadata(principal))
    return audit_records_public(found)


@router.get("/records/{event_id}/proof", responses=NOT_FOUND | CONFLICT)
async def read_inclusion_proof(
    event_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    tree_head_id: TreeHeadId = 0,
) -> InclusionProofPublic:
    """The audit path from the record's leaf to a signed tree head (the latest by default)."""
    request = audit_pb2.InclusionProofRequest(event_id=str(event_id), tree_head_id=tree_head_id)
    found = await upstream.audit.GetInclusionProof(request, metadata=call_metadata(principal))
    return inclusion_proof_public(found)


@router.get("/tree-heads/latest", responses=FORBIDDEN)
async def read_latest_tree_head(
    principal: CurrentPrincipal, upstream: UpstreamDep
) -> TreeHeadPublic:
    """The latest signed tree head (superadmins only; users get a head with each proof)."""
    request = audit_pb2.LatestTreeHeadRequest()
    return tree_head_public(
        await upstream.audit.GetLatestTreeHead(request, metadata=call_metadata(principal))
    )


@router.post("/tree-heads", status_code=status.HTTP_201_CREATED, responses=FORBIDDEN)
async def sign_tree_head(principal: CurrentPrincipal, upstream: UpstreamDep) -> TreeHeadPublic:
    """Signs a head of the ledger as it is now (heads are also signed on a schedule)."""
    request = audit_pb2.SignTreeHeadRequest()
    return tree_head_public(
        await upstream.audit.SignTreeHead(request, metadata=call_metadata(principal))
    )


@router.get("/consistency", responses=INVALID | NOT_FOUND | CONFLICT)
async def read_consistency_proof(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    from_tree_head_id: Annotated[Int64Id, Query(ge=1)],
    to_tree_head_id: TreeHeadId = 0,
) -> ConsistencyProofPublic:
    """Proof that the later head's tree extends the earlier one's (latest by default)."""
    request = audit_pb2.ConsistencyProofRequest(
        from_tree_head_id=from_tree_head_id, to_tree_head_id=to_tree_head_id
    )
    found = await upstream.audit.GetConsistencyProof(request, metadata=call_metadata(principal))
    return consistency_proof_public(found)


@public_router.get("/public-key", responses=NOT_FOUND)
async def read_public_key(upstream: UpstreamDep) -> PublicKeyPublic:
    """The Ed25519 public key that signs new tree heads; no token needed. Heads signed
    before a key rotation name an earlier key: see /audit/public-keys."""
    return public_key_public(await upstream.audit.GetPublicKey(audit_pb2.PublicKeyRequest()))


@public_router.get("/public-keys")
async def list_public_keys(upstream: UpstreamDep) -> PublicKeysPublic:
    """Every Ed25519 key that has signed tree heads, with when (decision 0046); each head
    names its key by key_id. No token needed."""
    found = await upstream.audit.ListPublicKeys(audit_pb2.ListPublicKeysRequest())
    return PublicKeysPublic(items=[public_key_public(key) for key in found.keys])

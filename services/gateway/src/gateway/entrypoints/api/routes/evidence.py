"""Evidence items: metadata, comments, legal hold, soft delete and restore, the poster
thumbnail, range streaming and download; and the organization's retention policies."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from gateway.adapters.clients import Upstream
from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UpstreamDep
from gateway.entrypoints.api.downloads import (
    download_headers,
    open_stream,
    range_response,
    thumbnail_response,
)
from gateway.entrypoints.api.responses import (
    CHANGE,
    CREATE,
    GUARDED,
    NOT_FOUND,
    NOT_SATISFIABLE,
    UPSTREAM,
    body,
)
from gateway.entrypoints.api.schemas.common import Name, ParamText
from gateway.entrypoints.api.schemas.evidence import (
    CommentCreate,
    CommentPublic,
    CommentsPublic,
    EvidencePublic,
    EvidenceUpdate,
    LegalHoldChange,
    LegalHoldPublic,
    comment_public,
    comments_public,
    evidence_public,
)
from gateway.entrypoints.api.schemas.retention import (
    RetentionPoliciesPublic,
    RetentionPolicyIn,
    RetentionPolicyPublic,
    policies_public,
)

router = APIRouter(tags=["evidence"], responses=UPSTREAM)
Category = Annotated[Name, Path(min_length=1, max_length=100)]


@router.get("/evidence/{evidence_id}", responses=NOT_FOUND)
async def read_evidence(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidencePublic:
    """An evidence item the caller may see, with what the caller may do with it."""
    item = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=call_metadata(principal)
    )
    return evidence_public(item)


@router.patch("/evidence/{evidence_id}", responses=CHANGE)
async def update_evidence(
    evidence_id: uuid.UUID, body: EvidenceUpdate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidencePublic:
    """Changes only the fields present in the body; the bytes never change."""
    item = await upstream.evidence.UpdateEvidence(
        body.to_proto(evidence_id), metadata=call_metadata(principal)
    )
    return evidence_public(item)


@router.delete("/evidence/{evidence_id}", responses=CHANGE)
async def delete_evidence(
    evidence_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    reason: Annotated[ParamText, Query(max_length=2000)] = "",
) -> EvidencePublic:
    """Soft delete, restorable within the window; 409 under legal hold or retention."""
    item = await upstream.evidence.DeleteEvidence(
        evidence_pb2.DeleteEvidenceRequest(id=str(evidence_id), reason=reason),
        metadata=call_metadata(principal),
    )
    return evidence_public(item)


@router.post("/evidence/{evidence_id}/restore", responses=CHANGE)
async def restore_evidence(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidencePublic:
    """Restores a soft-deleted item within the restore window."""
    item = await upstream.evidence.RestoreEvidence(
        evidence_pb2.RestoreEvidenceRequest(id=str(evidence_id)), metadata=call_metadata(principal)
    )
    return evidence_public(item)


@router.put("/evidence/{evidence_id}/legal-hold", responses=CHANGE)
async def set_evidence_legal_hold(
    evidence_id: uuid.UUID,
    body: LegalHoldChange,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> LegalHoldPublic:
    """While on, the item cannot be deleted or purged."""
    return await set_legal_hold(upstream, principal, "evidence", evidence_id, body)


async def set_legal_hold(
    upstream: Upstream,
    principal: Principal,
    object_type: str,
    object_id: uuid.UUID,
    body: LegalHoldChange,
) -> LegalHoldPublic:
    """A case's or an item's legal hold, set or lifted by evidence."""
    state = await upstream.evidence.SetLegalHold(
        evidence_pb2.SetLegalHoldRequest(
            object_type=object_type, id=str(object_id), on=body.on, reason=body.reason
        ),
        metadata=call_metadata(principal),
    )
    return LegalHoldPublic(object_type=state.object_type, id=uuid.UUID(state.id), on=state.on)


@router.get("/evidence/{evidence_id}/comments", responses=NOT_FOUND)
async def list_comments(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CommentsPublic:
    """The item's comments, oldest first."""
    found = await upstream.evidence.ListComments(
        evidence_pb2.ListCommentsRequest(evidence_id=str(evidence_id)),
        metadata=call_metadata(principal),
    )
    return comments_public(found)


@router.post("/evidence/{evidence_id}/comments", status_code=201, responses=CHANGE)
async def add_comment(
    evidence_id: uuid.UUID, body: CommentCreate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CommentPublic:
    """A comment on the item, at a time code in its media when `at_s` is given; audited."""
    comment = await upstream.evidence.AddComment(
        body.to_proto(evidence_id), metadata=call_metadata(principal)
    )
    return comment_public(comment)


@router.get(
    "/evidence/{evidence_id}/thumbnail",
    response_class=Response,
    responses=body("image/jpeg") | NOT_FOUND,
)
async def read_evidence_thumbnail(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> Response:
    """The poster frame taken after ingest; 404 until it exists (or for non-media)."""
    thumbnail = await upstream.evidence.GetThumbnail(
        evidence_pb2.GetEvidenceThumbnailRequest(id=str(evidence_id)),
        metadata=call_metadata(principal),
    )
    return thumbnail_response(thumbnail)


@router.get(
    "/evidence/{evidence_id}/stream",
    response_class=StreamingResponse,
    responses=body("application/octet-stream") | NOT_FOUND | NOT_SATISFIABLE,
)
async def stream_evidence(
    evidence_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> Response:
    """Viewing, for anyone who may see the item (view-only included): honours a single HTTP
    Range (206 + Content-Range); each block is verified; audited as a view with the caller's
    address."""
    metadata = call_metadata(principal)
    item = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=metadata
    )
    return await range_response(request, upstream.evidence, item, metadata, source)


@router.get(
    "/evidence/{evidence_id}/download",
    response_class=StreamingResponse,
    responses=body("application/octet-stream") | GUARDED,
)
async def download_evidence(
    evidence_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> StreamingResponse:
    """The original bytes, verified by evidence as they stream; audited there as a download.
    403 for those who may only view.

    The headers need the item's name, size and hash, which the byte stream does not carry:
    one GetEvidence first, then the stream.
    """
    metadata = call_metadata(principal)
    item = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=metadata
    )
    request = evidence_pb2.DownloadEvidenceRequest(id=item.id, source_address=source or "")
    body = await open_stream(upstream.evidence.DownloadEvidence(request, metadata=metadata))
    return StreamingResponse(body, headers=download_headers(item))


@router.get("/retention-policies")
async def list_retention_policies(
    principal: CurrentPrincipal, upstream: UpstreamDep
) -> RetentionPoliciesPublic:
    """The organization's retention policies, by category."""
    found = await upstream.evidence.ListRetentionPolicies(
        evidence_pb2.ListRetentionPoliciesRequest(), metadata=call_metadata(principal)
    )
    return policies_public(found)


@router.put("/retention-policies/{category}", responses=CREATE)
async def set_retention_policy(
    category: Category, body: RetentionPolicyIn, principal: CurrentPrincipal, upstream: UpstreamDep
) -> RetentionPolicyPublic:
    """How many days after a case closes its items of this category are kept ("default" for
    items with no category that has a policy)."""
    policy = await upstream.evidence.SetRetentionPolicy(
        evidence_pb2.SetRetentionPolicyRequest(category=category, days=body.days),
        metadata=call_metadata(principal),
    )
    return RetentionPolicyPublic(category=policy.category, days=policy.days)

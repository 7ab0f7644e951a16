"""Sharing a case or an item: access grants to users, organizations and guests, and share
links for outside parties without an account. Creating and revoking are audited by evidence
with the caller's address."""

from __future__ import annotations

import uuid
from typing import Literal

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import timestamp
from fastapi import APIRouter

from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    LifetimesDep,
    LinksDep,
    SourceAddress,
    UpstreamDep,
)
from gateway.entrypoints.api.responses import CHANGE, GUARDED, UPSTREAM
from gateway.entrypoints.api.schemas.sharing import (
    GrantCreate,
    GrantPublic,
    GrantsPublic,
    ShareLinkCreate,
    ShareLinkCreated,
    ShareLinkPublic,
    ShareLinksPublic,
    grant_public,
    grants_public,
    link_public,
    links_public,
)

router = APIRouter(tags=["sharing"], responses=UPSTREAM)
ObjectKind = Literal["cases", "evidence"]
OBJECT_TYPES: dict[str, str] = {"cases": "case", "evidence": "evidence"}


@router.post("/{kind}/{object_id}/grants", status_code=201, responses=CHANGE)
async def create_grant(
    kind: ObjectKind,
    object_id: uuid.UUID,
    body: GrantCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> GrantPublic:
    """Gives a user, an organization or a guest access to the case or item."""
    request = evidence_pb2.CreateGrantRequest(
        object_type=OBJECT_TYPES[kind],
        object_id=str(object_id),
        grantee_type=body.grantee_type,
        grantee_id=str(body.grantee_id),
        permission=body.permission,
        source_address=source or "",
        expires_at=timestamp(body.expires_at),
    )
    grant = await upstream.evidence.CreateGrant(request, metadata=call_metadata(principal))
    return grant_public(grant)


@router.get("/{kind}/{object_id}/grants", responses=GUARDED)
async def list_grants(
    kind: ObjectKind, object_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> GrantsPublic:
    """The access grants on the case or item."""
    found = await upstream.evidence.ListGrants(
        evidence_pb2.ListGrantsRequest(object_type=OBJECT_TYPES[kind], object_id=str(object_id)),
        metadata=call_metadata(principal),
    )
    return grants_public(found)


@router.delete("/grants/{grant_id}", responses=GUARDED)
async def revoke_grant(
    grant_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep, source: SourceAddress
) -> GrantPublic:
    """Takes effect at once; revoking twice is harmless."""
    grant = await upstream.evidence.RevokeGrant(
        evidence_pb2.RevokeGrantRequest(id=str(grant_id), source_address=source or ""),
        metadata=call_metadata(principal),
    )
    return grant_public(grant)


@router.post("/{kind}/{object_id}/share-links", status_code=201, responses=CHANGE)
async def create_share_link(
    kind: ObjectKind,
    object_id: uuid.UUID,
    body: ShareLinkCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
    links: LinksDep,
    lifetimes: LifetimesDep,
) -> ShareLinkCreated:
    """The token is shown once; whoever holds the link may view (or download) until it
    expires (at most SHARE_LINK_MAX_DAYS ahead, 90 by default) or is revoked."""
    lifetimes.check(body.expires_at, lifetimes.share_link, "expires_at")
    created = await upstream.evidence.CreateShareLink(
        evidence_pb2.CreateShareLinkRequest(
            object_type=OBJECT_TYPES[kind],
            object_id=str(object_id),
            permission=body.permission,
            expires_at=timestamp(body.expires_at),
            label=body.label,
            source_address=source or "",
        ),
        metadata=call_metadata(principal),
    )
    return ShareLinkCreated(
        link=link_public(created.link), token=created.token, url=links.share(created.token)
    )


@router.get("/{kind}/{object_id}/share-links", responses=GUARDED)
async def list_share_links(
    kind: ObjectKind, object_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> ShareLinksPublic:
    """The share links on the case or item, revoked and expired ones too; never their tokens
    (a link's address is shown once, when it is created)."""
    request = evidence_pb2.ListShareLinksRequest(
        object_type=OBJECT_TYPES[kind], object_id=str(object_id)
    )
    found = await upstream.evidence.ListShareLinks(request, metadata=call_metadata(principal))
    return links_public(found)


@router.delete("/share-links/{link_id}", responses=GUARDED)
async def revoke_share_link(
    link_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep, source: SourceAddress
) -> ShareLinkPublic:
    """The link stops working at once."""
    link = await upstream.evidence.RevokeShareLink(
        evidence_pb2.RevokeShareLinkRequest(id=str(link_id), source_address=source or ""),
        metadata=call_metadata(principal),
    )
    return link_public(link)

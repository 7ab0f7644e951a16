"""Upload grants: created for a case by an investigator, an org admin or a trusted service;
the token is shown once and stored hashed; each tus request resolves it again, so a revoked
or expired grant stops working at once."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, ROLE_SERVICE, Principal
from custody_platform.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import UploadGrant, utcnow
from device_gateway.domain.grants import (
    TOKEN_PREFIX,
    GrantHolder,
    GrantLimits,
    GrantSource,
    validate_expiry,
    validate_limits,
)
from device_gateway.domain.model import secret_hash


@dataclass(frozen=True)
class NewGrant:
    case_id: uuid.UUID
    source: str
    expires_at: datetime
    limits: GrantLimits
    file_request_id: uuid.UUID | None = None


def _subject(grant: UploadGrant) -> dict[str, Any]:
    return {"object_type": "upload_grant", "object_id": grant.id, "org_ids": (grant.org_id,)}


def _require_granter(principal: Principal) -> None:
    if not principal.has_role(ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, ROLE_SERVICE):
        raise PermissionDenied("only investigators, org admins and services may grant uploads")


async def create_grant(
    uow: UnitOfWork, principal: Principal, new: NewGrant, service_max: int
) -> tuple[UploadGrant, str]:
    """The grant and its bearer token (shown once, stored as a sha256)."""
    _require_granter(principal)
    if new.source not in {s.value for s in GrantSource}:
        raise InvalidArgument(f"source must be one of {', '.join(GrantSource)}")
    validate_expiry(new.expires_at, utcnow())
    limits = validate_limits(new.limits, service_max)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    grant = UploadGrant(
        org_id=principal.org_id,
        case_id=new.case_id,
        source=new.source,
        token_hash=secret_hash(token),
        expires_at=new.expires_at,
        max_files=limits.max_files,
        max_bytes_per_file=limits.max_bytes_per_file,
        max_total_bytes=limits.max_total_bytes,
        allowed_media_types=list(limits.allowed_media_types),
        file_request_id=new.file_request_id,
        created_by=str(principal.user_id),
    )
    uow.session.add(grant)
    details = {"case_id": str(new.case_id), "source": new.source}
    uow.audit(Actor.of(principal), "upload_grant.created", **_subject(grant), **details)
    return grant, token


async def get_grant(uow: UnitOfWork, principal: Principal, grant_id: uuid.UUID) -> UploadGrant:
    _require_granter(principal)
    grant = await repository.grant(uow.session, grant_id)
    if grant is None or grant.org_id != principal.org_id:
        raise NotFound("upload grant not found")
    return grant


async def revoke_grant(uow: UnitOfWork, principal: Principal, grant_id: uuid.UUID) -> UploadGrant:
    """Revoking twice is harmless; uploads in progress are refused from the next request."""
    _require_granter(principal)
    grant = await repository.grant(uow.session, grant_id, lock=True)
    if grant is None or grant.org_id != principal.org_id:
        raise NotFound("upload grant not found")
    if not grant.revoked:
        grant.revoked = True
        uow.audit(Actor.of(principal), "upload_grant.revoked", **_subject(grant))
    return grant


async def resolve_token(uow: UnitOfWork, token: str, source_address: str | None) -> GrantHolder:
    """Who a bearer grant token speaks for; Unauthenticated if unknown, revoked or expired."""
    grant = await repository.grant_by_token(uow.session, secret_hash(token))
    if grant is None or grant.revoked or grant.expires_at <= utcnow():
        raise Unauthenticated("unknown, revoked or expired upload grant")
    return holder_of(grant, source_address)


def holder_of(grant: UploadGrant, source_address: str | None = None) -> GrantHolder:
    return GrantHolder(
        grant.id, grant.org_id, grant.case_id, GrantSource(grant.source), source_address
    )


def limits_of(grant: UploadGrant) -> GrantLimits:
    return GrantLimits(
        grant.max_files,
        grant.max_bytes_per_file,
        grant.max_total_bytes,
        tuple(grant.allowed_media_types),
    )


def grant_actor(grant: UploadGrant, holder: GrantHolder) -> Actor:
    """A public contributor is "public"; otherwise the uploads act for whoever granted them."""
    if grant.source == GrantSource.PUBLIC:
        return Actor("public", f"grant:{grant.id}", grant.org_id, holder.source_address)
    return Actor("user", grant.created_by, grant.org_id, holder.source_address)

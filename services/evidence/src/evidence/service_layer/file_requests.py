"""Public file requests: a link (and QR code) through which anyone can upload to a case.

Each is backed by a "public" upload grant in the device gateway, whose token is the link's
token; evidence keeps only its hash. The public side sees the request's own texts and
limits, never the case.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from custody_contracts.events.evidence import FileRequestChanged
from custody_contracts.principal import Principal
from custody_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.clients import GrantRequest, UploadGrants
from evidence.adapters.orm import Case, FileRequest
from evidence.domain import access as rules
from evidence.service_layer.access import case_for, now, owned_case


@dataclass(frozen=True)
class FileRequestInput:
    case_id: uuid.UUID
    title: str
    instructions: str
    consent_text: str
    expires_at: datetime | None
    max_files: int = 0
    max_bytes_per_file: int = 0
    max_total_bytes: int = 0
    allowed_media_types: list[str] = field(default_factory=list)
    ask_contributor: bool = False


def status_of(request: FileRequest, at: datetime) -> str:
    if request.revoked_at is not None:
        return "revoked"
    return "active" if request.expires_at > at else "expired"


def _validate(new: FileRequestInput) -> None:
    if not new.title.strip() or len(new.title) > 200:
        raise InvalidArgument("title must be 1 to 200 characters")
    if new.expires_at is None:
        raise InvalidArgument("a file request needs expires_at")
    rules.check_expiry(new.expires_at, now())
    if min(new.max_files, new.max_bytes_per_file, new.max_total_bytes) < 0:
        raise InvalidArgument("limits must not be negative")


@dataclass(frozen=True)
class RequestTarget:
    """The case a new file request is for, checked, and the request's id (its grant names it)."""

    org_id: uuid.UUID
    case_id: uuid.UUID
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


async def target_case(
    uow: UnitOfWork, principal: Principal, new: FileRequestInput
) -> RequestTarget:
    """Step one of creating a file request: validate it and authorize the caller on the case,
    before the device gateway is asked for a grant."""
    _validate(new)
    case = await owned_case(uow, principal, new.case_id)
    return RequestTarget(case.org_id, case.id)


async def open_public_grant(
    grants: UploadGrants, target: RequestTarget, new: FileRequestInput
) -> tuple[uuid.UUID, str]:
    """Step two, outside any transaction: the device gateway's public upload grant (its id
    and token) with the request's limits."""
    assert new.expires_at is not None  # _validate made sure
    request = GrantRequest(
        target.case_id,
        new.expires_at,
        new.max_files,
        new.max_bytes_per_file,
        new.max_total_bytes,
        new.allowed_media_types,
        target.request_id,
    )
    return await grants.create_public(request)


def add_file_request(
    uow: UnitOfWork,
    principal: Principal,
    target: RequestTarget,
    new: FileRequestInput,
    grant: tuple[uuid.UUID, str],
    source_address: str | None = None,
) -> FileRequest:
    """Step three: the request itself, keeping only the hash of the grant's token."""
    grant_id, token = grant
    assert new.expires_at is not None  # _validate made sure
    request = FileRequest(
        id=target.request_id,
        org_id=target.org_id,
        case_id=target.case_id,
        grant_id=grant_id,
        token_hash=rules.token_hash(token),
        title=new.title.strip(),
        instructions=new.instructions.strip()[:5000],
        consent_text=new.consent_text.strip()[:10000],
        expires_at=new.expires_at,
        max_files=new.max_files,
        max_bytes_per_file=new.max_bytes_per_file,
        max_total_bytes=new.max_total_bytes,
        allowed_media_types=new.allowed_media_types,
        ask_contributor=new.ask_contributor,
        created_by=principal.user_id,
    )
    uow.session.add(request)
    _changed(uow, Actor.of(principal, source_address), request, "created")
    return request


async def list_file_requests(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID
) -> Sequence[FileRequest]:
    case = await owned_case(uow, principal, case_id)
    return await repository.file_requests_of(uow.session, case.id)


async def revoke_file_request(
    uow: UnitOfWork,
    grants: UploadGrants,
    principal: Principal,
    request_id: uuid.UUID,
    source_address: str | None = None,
) -> FileRequest:
    request = await uow.session.get(FileRequest, request_id, with_for_update=True)
    if request is None or not rules.is_member(principal, request.org_id):
        raise NotFound(f"file request {request_id} not found")
    await grants.revoke(request.grant_id)  # uploads stop at the device gateway at once
    if request.revoked_at is None:
        request.revoked_at = now()
        _changed(uow, Actor.of(principal, source_address), request, "revoked")
    return request


async def public_file_request(uow: UnitOfWork, token: str) -> FileRequest:
    request = await repository.file_request_by_hash(uow.session, rules.token_hash(token))
    if request is None or status_of(request, now()) != "active":
        raise NotFound("file request not found, expired or revoked")
    return request


async def authorize_upload(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> Case:
    """The open case the caller may upload to."""
    found = await case_for(uow, principal, case_id)
    if not rules.can_contribute(found.access):
        raise NotFound(f"case {case_id} not found")
    if found.case.status != "open":
        raise FailedPrecondition(f"case {found.case.number} is {found.case.status}")
    return found.case


def _changed(uow: UnitOfWork, actor: Actor, request: FileRequest, change: str) -> None:
    uow.emit(
        FileRequestChanged(
            file_request_id=request.id,
            case_id=request.case_id,
            org_id=request.org_id,
            change=change,  # type: ignore[arg-type]
        ),
        subject=f"case/{request.case_id}",
    )
    uow.audit(
        actor,
        f"file_request.{change}",
        object_type="file_request",
        object_id=request.id,
        org_ids=(request.org_id,),
        case_id=str(request.case_id),
        grant_id=str(request.grant_id),
        expires_at=request.expires_at.isoformat(),
    )

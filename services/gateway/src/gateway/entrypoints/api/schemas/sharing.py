"""Access grants, share links, public file requests and upload grants."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from annotated_types import Le
from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import read_time
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from gateway.entrypoints.api.schemas.common import (
    ByteCount,
    Count,
    Moment,
    Name,
    Text,
    no_duplicates,
)
from gateway.entrypoints.api.schemas.evidence import EvidencePublic, evidence_public

# RFC 6838 names, ASCII only; a subtype may be "*" (any video: video/*).
_RESTRICTED_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
MEDIA_TYPE_PATTERN = rf"^{_RESTRICTED_NAME}/({_RESTRICTED_NAME}|\*)$"
MediaType = Annotated[str, StringConstraints(max_length=100, pattern=MEDIA_TYPE_PATTERN)]
MediaTypes = Annotated[
    list[MediaType],
    AfterValidator(no_duplicates),
    Field(max_length=20, json_schema_extra={"uniqueItems": True}),
]
MaxFiles = Annotated[Count, Le(10_000)]


class GrantCreate(BaseModel):
    grantee_type: Literal["user", "org", "guest"]
    grantee_id: uuid.UUID
    permission: Literal["view", "download", "contribute"]
    expires_at: Moment | None = None


class GrantPublic(BaseModel):
    id: uuid.UUID
    object_type: str
    object_id: uuid.UUID
    grantee_type: str
    grantee_id: uuid.UUID
    permission: str
    expires_at: datetime | None
    revoked_at: datetime | None
    created_by: uuid.UUID
    created_at: datetime | None


class GrantsPublic(BaseModel):
    items: list[GrantPublic]
    count: int


class ShareLinkCreate(BaseModel):
    permission: Literal["view", "download"] = "view"
    expires_at: Moment  # at most SHARE_LINK_MAX_DAYS ahead
    label: Name = Field(default="", max_length=200)


class ShareLinkPublic(BaseModel):
    id: uuid.UUID
    object_type: str
    object_id: uuid.UUID
    permission: str
    expires_at: datetime | None
    revoked_at: datetime | None
    label: str
    created_at: datetime | None


class ShareLinksPublic(BaseModel):
    items: list[ShareLinkPublic]
    count: int


class ShareLinkCreated(BaseModel):
    link: ShareLinkPublic
    token: str  # shown once
    url: str


class SharedContentPublic(BaseModel):
    link: ShareLinkPublic
    items: list[EvidencePublic]


class FileRequestCreate(BaseModel):
    title: Name = Field(min_length=1, max_length=200)
    instructions: Text = Field(default="", max_length=5000)
    consent_text: Text = Field(default="", max_length=10_000)
    expires_at: Moment  # at most UPLOAD_GRANT_MAX_DAYS ahead
    max_files: MaxFiles = 0
    max_bytes_per_file: ByteCount = 0
    max_total_bytes: ByteCount = 0
    allowed_media_types: MediaTypes = Field(default_factory=list)
    ask_contributor: bool = False


class FileRequestPublic(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    title: str
    instructions: str
    consent_text: str
    expires_at: datetime | None
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: list[str]
    ask_contributor: bool
    revoked_at: datetime | None
    created_at: datetime | None
    status: str  # active, revoked, expired


class FileRequestCreated(BaseModel):
    file_request: FileRequestPublic
    token: str  # shown once: the link's token and the tus bearer token
    url: str  # the public upload page
    qr_png_url: str
    qr_svg_url: str


class FileRequestsPublic(BaseModel):
    items: list[FileRequestPublic]
    count: int


class UploadGrantCreate(BaseModel):
    expires_at: Moment | None = None  # default: in 24 hours; at most UPLOAD_GRANT_MAX_DAYS
    max_files: MaxFiles = 0
    max_bytes_per_file: ByteCount = 0
    max_total_bytes: ByteCount = 0
    allowed_media_types: MediaTypes = Field(default_factory=list)
    # What the uploads become as an evidence item's source: "direct" (an API client, the
    # item's source "upload"), "browser" (the web app's upload page), "mobile" (field capture).
    source: Literal["direct", "browser", "mobile"] = "direct"


class UploadGrantCreated(BaseModel):
    grant_id: uuid.UUID
    case_id: uuid.UUID
    expires_at: datetime | None
    tus_url: str  # POST files here with tus 1.0 and "Authorization: Bearer <token>"
    token: str  # shown once


def grant_public(grant: evidence_pb2.AccessGrant) -> GrantPublic:
    return GrantPublic(
        id=uuid.UUID(grant.id),
        object_type=grant.object_type,
        object_id=uuid.UUID(grant.object_id),
        grantee_type=grant.grantee_type,
        grantee_id=uuid.UUID(grant.grantee_id),
        permission=grant.permission,
        expires_at=read_time(grant, "expires_at"),
        revoked_at=read_time(grant, "revoked_at"),
        created_by=uuid.UUID(grant.created_by),
        created_at=read_time(grant, "created_at"),
    )


def grants_public(response: evidence_pb2.ListGrantsResponse) -> GrantsPublic:
    items = [grant_public(g) for g in response.grants]
    return GrantsPublic(items=items, count=len(items))


def link_public(link: evidence_pb2.ShareLink) -> ShareLinkPublic:
    return ShareLinkPublic(
        id=uuid.UUID(link.id),
        object_type=link.object_type,
        object_id=uuid.UUID(link.object_id),
        permission=link.permission,
        expires_at=read_time(link, "expires_at"),
        revoked_at=read_time(link, "revoked_at"),
        label=link.label,
        created_at=read_time(link, "created_at"),
    )


def links_public(response: evidence_pb2.ListShareLinksResponse) -> ShareLinksPublic:
    items = [link_public(k) for k in response.links]
    return ShareLinksPublic(items=items, count=len(items))


def shared_public(content: evidence_pb2.SharedContent) -> SharedContentPublic:
    return SharedContentPublic(
        link=link_public(content.link), items=[evidence_public(i) for i in content.items]
    )


def file_request_public(found: evidence_pb2.FileRequest) -> FileRequestPublic:
    return FileRequestPublic(
        id=uuid.UUID(found.id),
        case_id=uuid.UUID(found.case_id),
        title=found.title,
        instructions=found.instructions,
        consent_text=found.consent_text,
        expires_at=read_time(found, "expires_at"),
        max_files=found.max_files,
        max_bytes_per_file=found.max_bytes_per_file,
        max_total_bytes=found.max_total_bytes,
        allowed_media_types=list(found.allowed_media_types),
        ask_contributor=found.ask_contributor,
        revoked_at=read_time(found, "revoked_at"),
        created_at=read_time(found, "created_at"),
        status=found.status,
    )


def file_requests_public(response: evidence_pb2.ListFileRequestsResponse) -> FileRequestsPublic:
    items = [file_request_public(r) for r in response.file_requests]
    return FileRequestsPublic(items=items, count=len(items))

"""Domain rows to protobuf messages, and request fields to domain values."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp

from evidence.adapters.orm import Case, Comment, FileRequest, Grant, ShareLink
from evidence.domain.media import MediaFacts
from evidence.service_layer.access import ItemAccess, now
from evidence.service_layer.file_requests import status_of


def parse_id(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{what} must be a UUID") from None


def optional_id(value: str, what: str) -> uuid.UUID | None:
    return parse_id(value, what) if value else None


def read_time(message: Any, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    return getattr(message, name).ToDatetime(tzinfo=UTC)


def _timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def case_message(case: Case, access: str = "owner") -> evidence_pb2.Case:
    return evidence_pb2.Case(
        id=str(case.id),
        org_id=str(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=_timestamp(case.created_at),
        description=case.description,
        incident_at=_timestamp(case.incident_at),
        incident_location=case.incident_location,
        incident_type=case.incident_type,
        department=case.department,
        assignees=[str(a) for a in case.assignees],
        tags=case.tags,
        categories=case.categories,
        custom_fields_json=json.dumps(case.custom_fields),
        legal_hold=case.legal_hold,
        closed_at=_timestamp(case.closed_at),
        updated_at=_timestamp(case.updated_at),
        permission=access,
    )


def item_message(view: ItemAccess) -> evidence_pb2.EvidenceItem:
    item = view.item
    media = MediaFacts.from_json(item.media)
    return evidence_pb2.EvidenceItem(
        id=str(item.id),
        case_id=str(item.case_id),
        org_id=str(item.org_id),
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        source=item.source,
        permission=view.permission,
        request_id=str(item.request_id or ""),
        line_item_id=str(item.line_item_id or ""),
        created_at=_timestamp(item.created_at),
        capture_start=_timestamp(item.capture_start),
        capture_end=_timestamp(item.capture_end),
        latitude=item.latitude,
        longitude=item.longitude,
        device_id=str(item.device_id or ""),
        camera_id=str(item.camera_id or ""),
        uploaded_by=item.uploaded_by,
        categories=item.categories,
        tags=item.tags,
        description=item.description,
        original_id=str(item.original_id or ""),
        processing=item.processing,
        media=evidence_pb2.EvidenceMedia(**media.as_json()),
        has_thumbnail=item.thumbnail_key is not None,
        legal_hold=item.legal_hold,
        deleted_at=_timestamp(item.deleted_at),
        contributor_name=item.contributor_name or "" if view.access == "owner" else "",
        contributor_contact=item.contributor_contact or "" if view.access == "owner" else "",
        file_request_id=str(item.file_request_id or ""),
    )


def comment_message(comment: Comment) -> evidence_pb2.EvidenceComment:
    return evidence_pb2.EvidenceComment(
        id=str(comment.id),
        evidence_id=str(comment.evidence_id),
        author_id=str(comment.author_id),
        body=comment.body,
        created_at=_timestamp(comment.created_at),
    )


def grant_message(grant: Grant) -> evidence_pb2.AccessGrant:
    return evidence_pb2.AccessGrant(
        id=str(grant.id),
        object_type=grant.object_type,
        object_id=str(grant.object_id),
        grantee_type=grant.grantee_type,
        grantee_id=str(grant.grantee_id),
        permission=grant.permission,
        expires_at=_timestamp(grant.expires_at),
        revoked_at=_timestamp(grant.revoked_at),
        created_by=str(grant.created_by),
        created_at=_timestamp(grant.created_at),
    )


def link_message(link: ShareLink) -> evidence_pb2.ShareLink:
    return evidence_pb2.ShareLink(
        id=str(link.id),
        object_type=link.object_type,
        object_id=str(link.object_id),
        permission=link.permission,
        expires_at=_timestamp(link.expires_at),
        revoked_at=_timestamp(link.revoked_at),
        label=link.label,
        created_at=_timestamp(link.created_at),
    )


def file_request_message(request: FileRequest) -> evidence_pb2.FileRequest:
    return evidence_pb2.FileRequest(
        id=str(request.id),
        case_id=str(request.case_id),
        grant_id=str(request.grant_id),
        title=request.title,
        instructions=request.instructions,
        consent_text=request.consent_text,
        expires_at=_timestamp(request.expires_at),
        max_files=request.max_files,
        max_bytes_per_file=request.max_bytes_per_file,
        max_total_bytes=request.max_total_bytes,
        allowed_media_types=request.allowed_media_types,
        ask_contributor=request.ask_contributor,
        revoked_at=_timestamp(request.revoked_at),
        created_at=_timestamp(request.created_at),
        status=status_of(request, now()),
    )


def public_request_message(request: FileRequest) -> evidence_pb2.PublicFileRequest:
    return evidence_pb2.PublicFileRequest(
        id=str(request.id),
        title=request.title,
        instructions=request.instructions,
        consent_text=request.consent_text,
        expires_at=_timestamp(request.expires_at),
        max_files=request.max_files,
        max_bytes_per_file=request.max_bytes_per_file,
        max_total_bytes=request.max_total_bytes,
        allowed_media_types=request.allowed_media_types,
        ask_contributor=request.ask_contributor,
    )

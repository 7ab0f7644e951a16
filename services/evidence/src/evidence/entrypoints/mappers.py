"""Request fields to service-layer inputs, and domain rows to protobuf messages."""

from __future__ import annotations

import json
from typing import Any

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import (
    optional_uuid,
    parse_uuid,
    parse_uuids,
    read_optional,
    read_time,
    timestamp,
)

from evidence.adapters.orm import Case, Comment, EvidenceItem, FileRequest, Grant, ShareLink
from evidence.domain.media import MediaFacts
from evidence.service_layer.access import ItemAccess, now
from evidence.service_layer.case_commands import CaseInput
from evidence.service_layer.derived import DerivedInput
from evidence.service_layer.evidence_commands import ItemInput
from evidence.service_layer.file_requests import FileRequestInput, status_of


def case_input(fields: Any) -> CaseInput:
    return CaseInput(
        title=fields.title,
        description=fields.description,
        incident_at=read_time(fields, "incident_at"),
        incident_location=fields.incident_location,
        incident_type=fields.incident_type,
        department=fields.department,
        assignees=list(parse_uuids(fields.assignees, "assignees")),
        tags=list(fields.tags),
        categories=list(fields.categories),
        custom_fields_json=fields.custom_fields_json,
    )


def item_input(request: Any) -> ItemInput:
    return ItemInput(
        description=request.description,
        categories=list(request.categories),
        tags=list(request.tags),
        capture_start=read_time(request, "capture_start"),
        capture_end=read_time(request, "capture_end"),
        latitude=read_optional(request, "latitude"),
        longitude=read_optional(request, "longitude"),
        device_id=optional_uuid(request.device_id, "device_id"),
        camera_id=optional_uuid(request.camera_id, "camera_id"),
    )


def derived_input(request: Any) -> DerivedInput:
    return DerivedInput(
        original_id=parse_uuid(request.original_id, "original_id"),
        object_key=request.object_key,
        sha256=request.sha256,
        filename=request.filename,
        content_type=request.content_type,
        description=request.description,
        idempotency_key=request.idempotency_key,
    )


def file_request_input(request: Any) -> FileRequestInput:
    return FileRequestInput(
        case_id=parse_uuid(request.case_id, "case_id"),
        title=request.title,
        instructions=request.instructions,
        consent_text=request.consent_text,
        expires_at=read_time(request, "expires_at"),
        max_files=request.max_files,
        max_bytes_per_file=request.max_bytes_per_file,
        max_total_bytes=request.max_total_bytes,
        allowed_media_types=list(request.allowed_media_types),
        ask_contributor=request.ask_contributor,
    )


def case_message(case: Case, access: str = "owner") -> evidence_pb2.Case:
    return evidence_pb2.Case(
        id=str(case.id),
        org_id=str(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=timestamp(case.created_at),
        description=case.description,
        incident_at=timestamp(case.incident_at),
        incident_location=case.incident_location,
        incident_type=case.incident_type,
        department=case.department,
        assignees=[str(a) for a in case.assignees],
        tags=case.tags,
        categories=case.categories,
        custom_fields_json=json.dumps(case.custom_fields),
        legal_hold=case.legal_hold,
        closed_at=timestamp(case.closed_at),
        updated_at=timestamp(case.updated_at),
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
        created_at=timestamp(item.created_at),
        capture_start=timestamp(item.capture_start),
        capture_end=timestamp(item.capture_end),
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
        deleted_at=timestamp(item.deleted_at),
        contributor_name=item.contributor_name or "" if view.access == "owner" else "",
        contributor_contact=item.contributor_contact or "" if view.access == "owner" else "",
        file_request_id=str(item.file_request_id or ""),
        **_source_fields(item),
    )


def _source_fields(item: EvidenceItem) -> dict[str, Any]:
    """The provenance of a delivered export (decision 0036) beyond the camera and device ids."""
    return {"camera_name": item.camera_name or "", "channel": item.channel}


def own_item_message(item: EvidenceItem) -> evidence_pb2.EvidenceItem:
    """An item as its own organization sees it, after a change only the owner may make."""
    return item_message(ItemAccess(item, "owner"))


def comment_message(comment: Comment) -> evidence_pb2.EvidenceComment:
    return evidence_pb2.EvidenceComment(
        id=str(comment.id),
        evidence_id=str(comment.evidence_id),
        author_id=str(comment.author_id),
        body=comment.body,
        created_at=timestamp(comment.created_at),
        at_s=comment.at_s,
    )


def _access_fields(access: Grant | ShareLink) -> dict[str, Any]:
    """What a grant and a share link both say: what they open, how, and until when."""
    return {
        "id": str(access.id),
        "object_type": access.object_type,
        "object_id": str(access.object_id),
        "permission": access.permission,
        "expires_at": timestamp(access.expires_at),
        "revoked_at": timestamp(access.revoked_at),
        "created_at": timestamp(access.created_at),
    }


def grant_message(grant: Grant) -> evidence_pb2.AccessGrant:
    return evidence_pb2.AccessGrant(
        **_access_fields(grant),
        grantee_type=grant.grantee_type,
        grantee_id=str(grant.grantee_id),
        created_by=str(grant.created_by),
    )


def link_message(link: ShareLink) -> evidence_pb2.ShareLink:
    return evidence_pb2.ShareLink(**_access_fields(link), label=link.label)


def _request_terms(request: FileRequest) -> dict[str, Any]:
    """What the public sees of a file request: its texts and limits, never the case."""
    return {
        "id": str(request.id),
        "title": request.title,
        "instructions": request.instructions,
        "consent_text": request.consent_text,
        "expires_at": timestamp(request.expires_at),
        "max_files": request.max_files,
        "max_bytes_per_file": request.max_bytes_per_file,
        "max_total_bytes": request.max_total_bytes,
        "allowed_media_types": request.allowed_media_types,
        "ask_contributor": request.ask_contributor,
    }


def file_request_message(request: FileRequest) -> evidence_pb2.FileRequest:
    return evidence_pb2.FileRequest(
        **_request_terms(request),
        case_id=str(request.case_id),
        grant_id=str(request.grant_id),
        revoked_at=timestamp(request.revoked_at),
        created_at=timestamp(request.created_at),
        status=status_of(request, now()),
    )


def public_request_message(request: FileRequest) -> evidence_pb2.PublicFileRequest:
    return evidence_pb2.PublicFileRequest(**_request_terms(request))

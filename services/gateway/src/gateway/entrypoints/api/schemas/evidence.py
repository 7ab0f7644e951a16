"""Cases and the evidence items in them: fields, comments, legal hold and retention."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Literal

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import optional_uuid, read_optional, read_time, timestamp
from pydantic import AwareDatetime, BaseModel, Field

Label = Field(max_length=100)
CaseStatus = Literal["open", "closed", "archived"]


class CaseFieldsIn(BaseModel):
    """Every field optional: on update, only the fields sent are changed."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)
    incident_at: AwareDatetime | None = None
    incident_location: str | None = Field(default=None, max_length=500)
    incident_type: str | None = Field(default=None, max_length=100)
    department: str | None = Field(default=None, max_length=100)
    assignees: list[uuid.UUID] | None = Field(default=None, max_length=50)
    tags: list[str] | None = Field(default=None, max_length=50)
    categories: list[str] | None = Field(default=None, max_length=20)
    custom_fields: dict[str, Any] | None = None

    def to_proto(self) -> evidence_pb2.CaseFields:
        return evidence_pb2.CaseFields(
            title=self.title or "",
            description=self.description or "",
            incident_location=self.incident_location or "",
            incident_type=self.incident_type or "",
            department=self.department or "",
            assignees=[str(a) for a in self.assignees or []],
            tags=self.tags or [],
            categories=self.categories or [],
            custom_fields_json=json.dumps(self.custom_fields) if self.custom_fields else "",
            incident_at=timestamp(self.incident_at),
        )

    def update_mask(self) -> list[str]:
        return sorted(self.model_fields_set)


class CaseCreate(CaseFieldsIn):
    title: str = Field(min_length=1, max_length=200)
    number: str = Field(default="", max_length=100)


class CaseStatusChange(BaseModel):
    status: CaseStatus
    reason: str = Field(default="", max_length=2000)


class LegalHoldChange(BaseModel):
    on: bool
    reason: str = Field(default="", max_length=2000)


class LegalHoldPublic(BaseModel):
    object_type: str
    id: uuid.UUID
    on: bool


class CasePublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    number: str
    title: str
    status: str
    created_at: datetime | None
    updated_at: datetime | None
    closed_at: datetime | None
    description: str
    incident_at: datetime | None
    incident_location: str
    incident_type: str
    department: str
    assignees: list[uuid.UUID]
    tags: list[str]
    categories: list[str]
    custom_fields: dict[str, Any]
    legal_hold: bool
    permission: str  # the caller's: owner, view, download or contribute


class CasesPublic(BaseModel):
    items: list[CasePublic]
    count: int


class MediaPublic(BaseModel):
    duration_seconds: float
    video_codec: str
    width: int
    height: int
    has_audio: bool
    audio_codec: str
    container: str


class EvidencePublic(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    case_ids: list[uuid.UUID]
    org_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    source: str
    permission: str  # what the caller may do: view or download
    request_id: uuid.UUID | None
    line_item_id: uuid.UUID | None
    file_request_id: uuid.UUID | None
    original_id: uuid.UUID | None
    created_at: datetime | None
    capture_start: datetime | None
    capture_end: datetime | None
    latitude: float | None
    longitude: float | None
    device_id: uuid.UUID | None
    camera_id: uuid.UUID | None
    uploaded_by: str
    contributor_name: str
    contributor_contact: str
    categories: list[str]
    tags: list[str]
    description: str
    processing: str
    media: MediaPublic | None
    has_thumbnail: bool
    legal_hold: bool
    deleted_at: datetime | None


class EvidenceItemsPublic(BaseModel):
    items: list[EvidencePublic]
    count: int


class EvidenceUpdate(BaseModel):
    """Only the fields sent are changed."""

    description: str | None = Field(default=None, max_length=10_000)
    categories: list[str] | None = Field(default=None, max_length=20)
    tags: list[str] | None = Field(default=None, max_length=50)
    capture_start: AwareDatetime | None = None
    capture_end: AwareDatetime | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    device_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None

    def to_proto(self, evidence_id: uuid.UUID) -> evidence_pb2.UpdateEvidenceRequest:
        request = evidence_pb2.UpdateEvidenceRequest(
            id=str(evidence_id),
            update_mask=sorted(self.model_fields_set),
            description=self.description or "",
            categories=self.categories or [],
            tags=self.tags or [],
            device_id=str(self.device_id or ""),
            camera_id=str(self.camera_id or ""),
            capture_start=timestamp(self.capture_start),
            capture_end=timestamp(self.capture_end),
        )
        if self.latitude is not None:
            request.latitude = self.latitude
        if self.longitude is not None:
            request.longitude = self.longitude
        return request


class CaseMembership(BaseModel):
    evidence_id: uuid.UUID


class CommentCreate(BaseModel):
    body: str = Field(min_length=1, max_length=10_000)


class CommentPublic(BaseModel):
    id: uuid.UUID
    evidence_id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime | None


class CommentsPublic(BaseModel):
    items: list[CommentPublic]
    count: int


class RetentionPolicyIn(BaseModel):
    days: int = Field(ge=0, le=36_500)


class RetentionPolicyPublic(BaseModel):
    category: str
    days: int


class RetentionPoliciesPublic(BaseModel):
    items: list[RetentionPolicyPublic]
    count: int


def _custom_fields(raw: str) -> dict[str, Any]:
    value = json.loads(raw) if raw else {}
    return value if isinstance(value, dict) else {}


def case_public(case: evidence_pb2.Case) -> CasePublic:
    return CasePublic(
        id=uuid.UUID(case.id),
        org_id=uuid.UUID(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=read_time(case, "created_at"),
        updated_at=read_time(case, "updated_at"),
        closed_at=read_time(case, "closed_at"),
        description=case.description,
        incident_at=read_time(case, "incident_at"),
        incident_location=case.incident_location,
        incident_type=case.incident_type,
        department=case.department,
        assignees=[uuid.UUID(a) for a in case.assignees],
        tags=list(case.tags),
        categories=list(case.categories),
        custom_fields=_custom_fields(case.custom_fields_json),
        legal_hold=case.legal_hold,
        permission=case.permission,
    )


def cases_public(response: evidence_pb2.ListCasesResponse) -> CasesPublic:
    items = [case_public(c) for c in response.cases]
    return CasesPublic(items=items, count=len(items))


def _media(item: evidence_pb2.EvidenceItem) -> MediaPublic | None:
    if not item.HasField("media"):
        return None
    m = item.media
    return MediaPublic(
        duration_seconds=m.duration_seconds,
        video_codec=m.video_codec,
        width=m.width,
        height=m.height,
        has_audio=m.has_audio,
        audio_codec=m.audio_codec,
        container=m.container,
    )


def evidence_public(item: evidence_pb2.EvidenceItem) -> EvidencePublic:
    return EvidencePublic(
        id=uuid.UUID(item.id),
        case_id=uuid.UUID(item.case_id),
        case_ids=[uuid.UUID(c) for c in item.case_ids],
        org_id=uuid.UUID(item.org_id),
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        source=item.source,
        permission=item.permission,
        request_id=optional_uuid(item.request_id, "request_id"),
        line_item_id=optional_uuid(item.line_item_id, "line_item_id"),
        file_request_id=optional_uuid(item.file_request_id, "file_request_id"),
        original_id=optional_uuid(item.original_id, "original_id"),
        created_at=read_time(item, "created_at"),
        capture_start=read_time(item, "capture_start"),
        capture_end=read_time(item, "capture_end"),
        latitude=read_optional(item, "latitude"),
        longitude=read_optional(item, "longitude"),
        device_id=optional_uuid(item.device_id, "device_id"),
        camera_id=optional_uuid(item.camera_id, "camera_id"),
        uploaded_by=item.uploaded_by,
        contributor_name=item.contributor_name,
        contributor_contact=item.contributor_contact,
        categories=list(item.categories),
        tags=list(item.tags),
        description=item.description,
        processing=item.processing,
        media=_media(item),
        has_thumbnail=item.has_thumbnail,
        legal_hold=item.legal_hold,
        deleted_at=read_time(item, "deleted_at"),
    )


def evidence_items_public(response: evidence_pb2.ListCaseEvidenceResponse) -> EvidenceItemsPublic:
    items = [evidence_public(i) for i in response.items]
    return EvidenceItemsPublic(items=items, count=len(items))


def comment_public(comment: evidence_pb2.EvidenceComment) -> CommentPublic:
    return CommentPublic(
        id=uuid.UUID(comment.id),
        evidence_id=uuid.UUID(comment.evidence_id),
        author_id=uuid.UUID(comment.author_id),
        body=comment.body,
        created_at=read_time(comment, "created_at"),
    )


def comments_public(response: evidence_pb2.ListCommentsResponse) -> CommentsPublic:
    items = [comment_public(c) for c in response.comments]
    return CommentsPublic(items=items, count=len(items))


def policies_public(
    response: evidence_pb2.ListRetentionPoliciesResponse,
) -> RetentionPoliciesPublic:
    items = [RetentionPolicyPublic(category=p.category, days=p.days) for p in response.policies]
    return RetentionPoliciesPublic(items=items, count=len(items))

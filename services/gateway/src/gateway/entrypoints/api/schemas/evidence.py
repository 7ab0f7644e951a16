"""Evidence items: metadata, media facts, comments and legal hold."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import optional_uuid, read_optional, read_time, timestamp
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.cases import Label
from gateway.entrypoints.api.schemas.common import Latitude, Longitude, Moment, Text


class LegalHoldChange(BaseModel):
    on: bool
    reason: Text = Field(default="", max_length=2000)


class LegalHoldPublic(BaseModel):
    object_type: str
    id: uuid.UUID
    on: bool


class MediaPublic(BaseModel):
    duration_seconds: float
    video_codec: str
    width: int
    height: int
    has_audio: bool
    audio_codec: str
    container: str
    frame_rate: float | None  # average frames per second; null for photos, audio and unknown


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
    verified_at: datetime | None = None  # a read last checked its bytes (item reads only)
    # Provenance of a delivered export (decision 0036): the source camera's name and the
    # device's channel; camera_id, device_id, the capture window and latitude/longitude (the
    # camera's position) say the rest.
    camera_name: str | None = None
    channel: int | None = None


class EvidenceItemsPublic(BaseModel):
    items: list[EvidencePublic]
    count: int  # on this page
    total: int = 0  # the case's items, on every page
    next_cursor: str | None = None  # pass as ?cursor= for the next page
    previous_cursor: str | None = None  # pass as ?cursor= for the page before; none on the first


class EvidenceUpdate(BaseModel):
    """Only the fields sent are changed."""

    description: Text | None = Field(default=None, max_length=10_000)
    categories: list[Label] | None = Field(default=None, max_length=20)
    tags: list[Label] | None = Field(default=None, max_length=50)
    capture_start: Moment | None = None
    capture_end: Moment | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
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


class CommentCreate(BaseModel):
    body: Text = Field(min_length=1, max_length=10_000)
    # the time code in the media the comment is about, in seconds (at most 31 days)
    at_s: float | None = Field(default=None, ge=0, le=31 * 24 * 3600)

    def to_proto(self, evidence_id: uuid.UUID) -> evidence_pb2.AddCommentRequest:
        request = evidence_pb2.AddCommentRequest(evidence_id=str(evidence_id), body=self.body)
        if self.at_s is not None:
            request.at_s = self.at_s
        return request


class CommentPublic(BaseModel):
    id: uuid.UUID
    evidence_id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime | None
    at_s: float | None = None


class CommentsPublic(BaseModel):
    items: list[CommentPublic]
    count: int


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
        frame_rate=read_optional(m, "frame_rate"),
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
        verified_at=read_time(item, "verified_at"),
        camera_name=item.camera_name or None,
        channel=read_optional(item, "channel"),
    )


def evidence_items_public(response: evidence_pb2.ListCaseEvidenceResponse) -> EvidenceItemsPublic:
    items = [evidence_public(i) for i in response.items]
    return EvidenceItemsPublic(
        items=items,
        count=len(items),
        total=response.total,
        next_cursor=response.next_cursor or None,
        previous_cursor=response.previous_cursor or None,
    )


def comment_public(comment: evidence_pb2.EvidenceComment) -> CommentPublic:
    return CommentPublic(
        id=uuid.UUID(comment.id),
        evidence_id=uuid.UUID(comment.evidence_id),
        author_id=uuid.UUID(comment.author_id),
        body=comment.body,
        created_at=read_time(comment, "created_at"),
        at_s=read_optional(comment, "at_s"),
    )


def comments_public(response: evidence_pb2.ListCommentsResponse) -> CommentsPublic:
    items = [comment_public(c) for c in response.comments]
    return CommentsPublic(items=items, count=len(items))

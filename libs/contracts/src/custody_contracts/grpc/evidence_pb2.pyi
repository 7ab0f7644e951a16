import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Case(_message.Message):
    __slots__ = ("id", "org_id", "number", "title", "status", "created_at", "description", "incident_at", "incident_location", "incident_type", "department", "assignees", "tags", "categories", "custom_fields_json", "legal_hold", "closed_at", "updated_at", "permission")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LOCATION_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_JSON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_HOLD_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    number: str
    title: str
    status: str
    created_at: _timestamp_pb2.Timestamp
    description: str
    incident_at: _timestamp_pb2.Timestamp
    incident_location: str
    incident_type: str
    department: str
    assignees: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    custom_fields_json: str
    legal_hold: bool
    closed_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    permission: str
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., number: _Optional[str] = ..., title: _Optional[str] = ..., status: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_location: _Optional[str] = ..., incident_type: _Optional[str] = ..., department: _Optional[str] = ..., assignees: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., custom_fields_json: _Optional[str] = ..., legal_hold: _Optional[bool] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., permission: _Optional[str] = ...) -> None: ...

class EvidenceMedia(_message.Message):
    __slots__ = ("duration_seconds", "video_codec", "width", "height", "has_audio", "audio_codec", "container", "frame_rate")
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    VIDEO_CODEC_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    HAS_AUDIO_FIELD_NUMBER: _ClassVar[int]
    AUDIO_CODEC_FIELD_NUMBER: _ClassVar[int]
    CONTAINER_FIELD_NUMBER: _ClassVar[int]
    FRAME_RATE_FIELD_NUMBER: _ClassVar[int]
    duration_seconds: float
    video_codec: str
    width: int
    height: int
    has_audio: bool
    audio_codec: str
    container: str
    frame_rate: float
    def __init__(self, duration_seconds: _Optional[float] = ..., video_codec: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., has_audio: _Optional[bool] = ..., audio_codec: _Optional[str] = ..., container: _Optional[str] = ..., frame_rate: _Optional[float] = ...) -> None: ...

class EvidenceItem(_message.Message):
    __slots__ = ("id", "case_id", "org_id", "filename", "content_type", "size", "sha256", "source", "permission", "request_id", "line_item_id", "created_at", "capture_start", "capture_end", "latitude", "longitude", "device_id", "camera_id", "uploaded_by", "categories", "tags", "description", "original_id", "processing", "media", "has_thumbnail", "legal_hold", "deleted_at", "contributor_name", "contributor_contact", "file_request_id", "case_ids", "verified_at", "camera_name", "channel")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CAPTURE_START_FIELD_NUMBER: _ClassVar[int]
    CAPTURE_END_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    HAS_THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    LEGAL_HOLD_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTOR_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTOR_CONTACT_FIELD_NUMBER: _ClassVar[int]
    FILE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    org_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    source: str
    permission: str
    request_id: str
    line_item_id: str
    created_at: _timestamp_pb2.Timestamp
    capture_start: _timestamp_pb2.Timestamp
    capture_end: _timestamp_pb2.Timestamp
    latitude: float
    longitude: float
    device_id: str
    camera_id: str
    uploaded_by: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    description: str
    original_id: str
    processing: str
    media: EvidenceMedia
    has_thumbnail: bool
    legal_hold: bool
    deleted_at: _timestamp_pb2.Timestamp
    contributor_name: str
    contributor_contact: str
    file_request_id: str
    case_ids: _containers.RepeatedScalarFieldContainer[str]
    verified_at: _timestamp_pb2.Timestamp
    camera_name: str
    channel: int
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., org_id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., source: _Optional[str] = ..., permission: _Optional[str] = ..., request_id: _Optional[str] = ..., line_item_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., capture_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., capture_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., device_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., uploaded_by: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., original_id: _Optional[str] = ..., processing: _Optional[str] = ..., media: _Optional[_Union[EvidenceMedia, _Mapping]] = ..., has_thumbnail: _Optional[bool] = ..., legal_hold: _Optional[bool] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., contributor_name: _Optional[str] = ..., contributor_contact: _Optional[str] = ..., file_request_id: _Optional[str] = ..., case_ids: _Optional[_Iterable[str]] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., camera_name: _Optional[str] = ..., channel: _Optional[int] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("query", "status", "tag", "department", "assignee", "shared", "created_from", "created_to", "limit", "cursor")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    CREATED_FROM_FIELD_NUMBER: _ClassVar[int]
    CREATED_TO_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    query: str
    status: str
    tag: str
    department: str
    assignee: str
    shared: bool
    created_from: _timestamp_pb2.Timestamp
    created_to: _timestamp_pb2.Timestamp
    limit: int
    cursor: str
    def __init__(self, query: _Optional[str] = ..., status: _Optional[str] = ..., tag: _Optional[str] = ..., department: _Optional[str] = ..., assignee: _Optional[str] = ..., shared: _Optional[bool] = ..., created_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_cursor", "total")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_cursor: str
    total: int
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...

class BulkUpdateEvidenceRequest(_message.Message):
    __slots__ = ("case_id", "evidence_ids", "add_tags", "remove_tags", "category")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    ADD_TAGS_FIELD_NUMBER: _ClassVar[int]
    REMOVE_TAGS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence_ids: _containers.RepeatedScalarFieldContainer[str]
    add_tags: _containers.RepeatedScalarFieldContainer[str]
    remove_tags: _containers.RepeatedScalarFieldContainer[str]
    category: str
    def __init__(self, case_id: _Optional[str] = ..., evidence_ids: _Optional[_Iterable[str]] = ..., add_tags: _Optional[_Iterable[str]] = ..., remove_tags: _Optional[_Iterable[str]] = ..., category: _Optional[str] = ...) -> None: ...

class BulkUpdateEvidenceResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[EvidenceItem]
    def __init__(self, items: _Optional[_Iterable[_Union[EvidenceItem, _Mapping]]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListCaseEvidenceRequest(_message.Message):
    __slots__ = ("case_id", "include_deleted", "limit", "cursor")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    include_deleted: bool
    limit: int
    cursor: str
    def __init__(self, case_id: _Optional[str] = ..., include_deleted: _Optional[bool] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListCaseEvidenceResponse(_message.Message):
    __slots__ = ("items", "next_cursor", "previous_cursor", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_CURSOR_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[EvidenceItem]
    next_cursor: str
    previous_cursor: str
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[EvidenceItem, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., previous_cursor: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...

class GetEvidenceRequest(_message.Message):
    __slots__ = ("id", "share_token")
    ID_FIELD_NUMBER: _ClassVar[int]
    SHARE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    share_token: str
    def __init__(self, id: _Optional[str] = ..., share_token: _Optional[str] = ...) -> None: ...

class DownloadEvidenceRequest(_message.Message):
    __slots__ = ("id", "source_address", "share_token")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHARE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_address: str
    share_token: str
    def __init__(self, id: _Optional[str] = ..., source_address: _Optional[str] = ..., share_token: _Optional[str] = ...) -> None: ...

class EvidenceChunk(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class CaseFields(_message.Message):
    __slots__ = ("title", "description", "incident_at", "incident_location", "incident_type", "department", "assignees", "tags", "categories", "custom_fields_json")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LOCATION_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_JSON_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    incident_at: _timestamp_pb2.Timestamp
    incident_location: str
    incident_type: str
    department: str
    assignees: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    custom_fields_json: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_location: _Optional[str] = ..., incident_type: _Optional[str] = ..., department: _Optional[str] = ..., assignees: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., custom_fields_json: _Optional[str] = ...) -> None: ...

class CreateCaseRequest(_message.Message):
    __slots__ = ("number", "fields")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    number: str
    fields: CaseFields
    def __init__(self, number: _Optional[str] = ..., fields: _Optional[_Union[CaseFields, _Mapping]] = ...) -> None: ...

class OpenedCase(_message.Message):
    __slots__ = ("case", "created")
    CASE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    created: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class UpdateCaseRequest(_message.Message):
    __slots__ = ("id", "fields", "update_mask")
    ID_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    fields: CaseFields
    update_mask: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., fields: _Optional[_Union[CaseFields, _Mapping]] = ..., update_mask: _Optional[_Iterable[str]] = ...) -> None: ...

class SetCaseStatusRequest(_message.Message):
    __slots__ = ("id", "status", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SetLegalHoldRequest(_message.Message):
    __slots__ = ("object_type", "id", "on", "reason")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    id: str
    on: bool
    reason: str
    def __init__(self, object_type: _Optional[str] = ..., id: _Optional[str] = ..., on: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class LegalHoldState(_message.Message):
    __slots__ = ("object_type", "id", "on")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    id: str
    on: bool
    def __init__(self, object_type: _Optional[str] = ..., id: _Optional[str] = ..., on: _Optional[bool] = ...) -> None: ...

class UpdateEvidenceRequest(_message.Message):
    __slots__ = ("id", "update_mask", "description", "categories", "tags", "capture_start", "capture_end", "latitude", "longitude", "device_id", "camera_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CAPTURE_START_FIELD_NUMBER: _ClassVar[int]
    CAPTURE_END_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    update_mask: _containers.RepeatedScalarFieldContainer[str]
    description: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    capture_start: _timestamp_pb2.Timestamp
    capture_end: _timestamp_pb2.Timestamp
    latitude: float
    longitude: float
    device_id: str
    camera_id: str
    def __init__(self, id: _Optional[str] = ..., update_mask: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ..., capture_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., capture_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., device_id: _Optional[str] = ..., camera_id: _Optional[str] = ...) -> None: ...

class EvidenceComment(_message.Message):
    __slots__ = ("id", "evidence_id", "author_id", "body", "created_at", "at_s")
    ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    AT_S_FIELD_NUMBER: _ClassVar[int]
    id: str
    evidence_id: str
    author_id: str
    body: str
    created_at: _timestamp_pb2.Timestamp
    at_s: float
    def __init__(self, id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., author_id: _Optional[str] = ..., body: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., at_s: _Optional[float] = ...) -> None: ...

class AddCommentRequest(_message.Message):
    __slots__ = ("evidence_id", "body", "at_s")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    AT_S_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    body: str
    at_s: float
    def __init__(self, evidence_id: _Optional[str] = ..., body: _Optional[str] = ..., at_s: _Optional[float] = ...) -> None: ...

class ListCommentsRequest(_message.Message):
    __slots__ = ("evidence_id",)
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    def __init__(self, evidence_id: _Optional[str] = ...) -> None: ...

class ListCommentsResponse(_message.Message):
    __slots__ = ("comments",)
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[EvidenceComment]
    def __init__(self, comments: _Optional[_Iterable[_Union[EvidenceComment, _Mapping]]] = ...) -> None: ...

class AddEvidenceToCaseRequest(_message.Message):
    __slots__ = ("evidence_id", "case_id")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    case_id: str
    def __init__(self, evidence_id: _Optional[str] = ..., case_id: _Optional[str] = ...) -> None: ...

class IngestDerivedRequest(_message.Message):
    __slots__ = ("original_id", "object_key", "sha256", "filename", "content_type", "description", "idempotency_key")
    ORIGINAL_ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    original_id: str
    object_key: str
    sha256: str
    filename: str
    content_type: str
    description: str
    idempotency_key: str
    def __init__(self, original_id: _Optional[str] = ..., object_key: _Optional[str] = ..., sha256: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., description: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class StreamEvidenceRequest(_message.Message):
    __slots__ = ("id", "offset", "length", "source_address", "share_token")
    ID_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SHARE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    offset: int
    length: int
    source_address: str
    share_token: str
    def __init__(self, id: _Optional[str] = ..., offset: _Optional[int] = ..., length: _Optional[int] = ..., source_address: _Optional[str] = ..., share_token: _Optional[str] = ...) -> None: ...

class GetEvidenceThumbnailRequest(_message.Message):
    __slots__ = ("id", "share_token")
    ID_FIELD_NUMBER: _ClassVar[int]
    SHARE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    share_token: str
    def __init__(self, id: _Optional[str] = ..., share_token: _Optional[str] = ...) -> None: ...

class EvidenceThumbnail(_message.Message):
    __slots__ = ("jpeg",)
    JPEG_FIELD_NUMBER: _ClassVar[int]
    jpeg: bytes
    def __init__(self, jpeg: _Optional[bytes] = ...) -> None: ...

class DeleteEvidenceRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RestoreEvidenceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RetentionPolicy(_message.Message):
    __slots__ = ("category", "days")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    category: str
    days: int
    def __init__(self, category: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class SetRetentionPolicyRequest(_message.Message):
    __slots__ = ("category", "days")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    category: str
    days: int
    def __init__(self, category: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class ListRetentionPoliciesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRetentionPoliciesResponse(_message.Message):
    __slots__ = ("policies",)
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[RetentionPolicy]
    def __init__(self, policies: _Optional[_Iterable[_Union[RetentionPolicy, _Mapping]]] = ...) -> None: ...

class AccessGrant(_message.Message):
    __slots__ = ("id", "object_type", "object_id", "grantee_type", "grantee_id", "permission", "expires_at", "revoked_at", "created_by", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTEE_TYPE_FIELD_NUMBER: _ClassVar[int]
    GRANTEE_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    object_type: str
    object_id: str
    grantee_type: str
    grantee_id: str
    permission: str
    expires_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., object_type: _Optional[str] = ..., object_id: _Optional[str] = ..., grantee_type: _Optional[str] = ..., grantee_id: _Optional[str] = ..., permission: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateGrantRequest(_message.Message):
    __slots__ = ("object_type", "object_id", "grantee_type", "grantee_id", "permission", "expires_at", "source_address")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTEE_TYPE_FIELD_NUMBER: _ClassVar[int]
    GRANTEE_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    object_id: str
    grantee_type: str
    grantee_id: str
    permission: str
    expires_at: _timestamp_pb2.Timestamp
    source_address: str
    def __init__(self, object_type: _Optional[str] = ..., object_id: _Optional[str] = ..., grantee_type: _Optional[str] = ..., grantee_id: _Optional[str] = ..., permission: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_address: _Optional[str] = ...) -> None: ...

class ListGrantsRequest(_message.Message):
    __slots__ = ("object_type", "object_id")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    object_id: str
    def __init__(self, object_type: _Optional[str] = ..., object_id: _Optional[str] = ...) -> None: ...

class ListGrantsResponse(_message.Message):
    __slots__ = ("grants",)
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    grants: _containers.RepeatedCompositeFieldContainer[AccessGrant]
    def __init__(self, grants: _Optional[_Iterable[_Union[AccessGrant, _Mapping]]] = ...) -> None: ...

class RevokeGrantRequest(_message.Message):
    __slots__ = ("id", "source_address")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_address: str
    def __init__(self, id: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class ShareLink(_message.Message):
    __slots__ = ("id", "object_type", "object_id", "permission", "expires_at", "revoked_at", "label", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    object_type: str
    object_id: str
    permission: str
    expires_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    label: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., object_type: _Optional[str] = ..., object_id: _Optional[str] = ..., permission: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., label: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateShareLinkRequest(_message.Message):
    __slots__ = ("object_type", "object_id", "permission", "expires_at", "label", "source_address")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    object_id: str
    permission: str
    expires_at: _timestamp_pb2.Timestamp
    label: str
    source_address: str
    def __init__(self, object_type: _Optional[str] = ..., object_id: _Optional[str] = ..., permission: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., label: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class CreateShareLinkResponse(_message.Message):
    __slots__ = ("link", "token")
    LINK_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    link: ShareLink
    token: str
    def __init__(self, link: _Optional[_Union[ShareLink, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class RevokeShareLinkRequest(_message.Message):
    __slots__ = ("id", "source_address")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_address: str
    def __init__(self, id: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class ListShareLinksRequest(_message.Message):
    __slots__ = ("object_type", "object_id")
    OBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    object_type: str
    object_id: str
    def __init__(self, object_type: _Optional[str] = ..., object_id: _Optional[str] = ...) -> None: ...

class ListShareLinksResponse(_message.Message):
    __slots__ = ("links",)
    LINKS_FIELD_NUMBER: _ClassVar[int]
    links: _containers.RepeatedCompositeFieldContainer[ShareLink]
    def __init__(self, links: _Optional[_Iterable[_Union[ShareLink, _Mapping]]] = ...) -> None: ...

class OpenShareLinkRequest(_message.Message):
    __slots__ = ("token", "source_address")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    token: str
    source_address: str
    def __init__(self, token: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class SharedContent(_message.Message):
    __slots__ = ("link", "items")
    LINK_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    link: ShareLink
    items: _containers.RepeatedCompositeFieldContainer[EvidenceItem]
    def __init__(self, link: _Optional[_Union[ShareLink, _Mapping]] = ..., items: _Optional[_Iterable[_Union[EvidenceItem, _Mapping]]] = ...) -> None: ...

class FileRequest(_message.Message):
    __slots__ = ("id", "case_id", "grant_id", "title", "instructions", "consent_text", "expires_at", "max_files", "max_bytes_per_file", "max_total_bytes", "allowed_media_types", "ask_contributor", "revoked_at", "created_at", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    CONSENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_FILES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    ASK_CONTRIBUTOR_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    grant_id: str
    title: str
    instructions: str
    consent_text: str
    expires_at: _timestamp_pb2.Timestamp
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: _containers.RepeatedScalarFieldContainer[str]
    ask_contributor: bool
    revoked_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    status: str
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., grant_id: _Optional[str] = ..., title: _Optional[str] = ..., instructions: _Optional[str] = ..., consent_text: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_files: _Optional[int] = ..., max_bytes_per_file: _Optional[int] = ..., max_total_bytes: _Optional[int] = ..., allowed_media_types: _Optional[_Iterable[str]] = ..., ask_contributor: _Optional[bool] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ...) -> None: ...

class CreateFileRequestRequest(_message.Message):
    __slots__ = ("case_id", "title", "instructions", "consent_text", "expires_at", "max_files", "max_bytes_per_file", "max_total_bytes", "allowed_media_types", "ask_contributor", "source_address")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    CONSENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_FILES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    ASK_CONTRIBUTOR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    title: str
    instructions: str
    consent_text: str
    expires_at: _timestamp_pb2.Timestamp
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: _containers.RepeatedScalarFieldContainer[str]
    ask_contributor: bool
    source_address: str
    def __init__(self, case_id: _Optional[str] = ..., title: _Optional[str] = ..., instructions: _Optional[str] = ..., consent_text: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_files: _Optional[int] = ..., max_bytes_per_file: _Optional[int] = ..., max_total_bytes: _Optional[int] = ..., allowed_media_types: _Optional[_Iterable[str]] = ..., ask_contributor: _Optional[bool] = ..., source_address: _Optional[str] = ...) -> None: ...

class CreateFileRequestResponse(_message.Message):
    __slots__ = ("file_request", "token")
    FILE_REQUEST_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    file_request: FileRequest
    token: str
    def __init__(self, file_request: _Optional[_Union[FileRequest, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class ListFileRequestsRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ListFileRequestsResponse(_message.Message):
    __slots__ = ("file_requests",)
    FILE_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    file_requests: _containers.RepeatedCompositeFieldContainer[FileRequest]
    def __init__(self, file_requests: _Optional[_Iterable[_Union[FileRequest, _Mapping]]] = ...) -> None: ...

class RevokeFileRequestRequest(_message.Message):
    __slots__ = ("id", "source_address")
    ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    source_address: str
    def __init__(self, id: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class GetPublicFileRequestRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class PublicFileRequest(_message.Message):
    __slots__ = ("id", "title", "instructions", "consent_text", "expires_at", "max_files", "max_bytes_per_file", "max_total_bytes", "allowed_media_types", "ask_contributor", "source_address")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    CONSENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_FILES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    ASK_CONTRIBUTOR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    instructions: str
    consent_text: str
    expires_at: _timestamp_pb2.Timestamp
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: _containers.RepeatedScalarFieldContainer[str]
    ask_contributor: bool
    source_address: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., instructions: _Optional[str] = ..., consent_text: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_files: _Optional[int] = ..., max_bytes_per_file: _Optional[int] = ..., max_total_bytes: _Optional[int] = ..., allowed_media_types: _Optional[_Iterable[str]] = ..., ask_contributor: _Optional[bool] = ..., source_address: _Optional[str] = ...) -> None: ...

class AuthorizeUploadRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class RequestRedactionRequest(_message.Message):
    __slots__ = ("evidence_id", "source_address")
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    evidence_id: str
    source_address: str
    def __init__(self, evidence_id: _Optional[str] = ..., source_address: _Optional[str] = ...) -> None: ...

class RedactionRequestAccepted(_message.Message):
    __slots__ = ("job_id", "evidence_id")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    evidence_id: str
    def __init__(self, job_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

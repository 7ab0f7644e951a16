import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LineItemInput(_message.Message):
    __slots__ = ("camera_id", "start", "end")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Incident(_message.Message):
    __slots__ = ("number", "type", "description", "latitude", "longitude", "occurred_at")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    number: str
    type: str
    description: str
    latitude: float
    longitude: float
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, number: _Optional[str] = ..., type: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubmitRequestRequest(_message.Message):
    __slots__ = ("incident_number", "description", "line_items", "incident_type", "incident_latitude", "incident_longitude", "incident_at", "form_answers_json", "idempotency_key")
    class FormAnswersJsonEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    INCIDENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_AT_FIELD_NUMBER: _ClassVar[int]
    FORM_ANSWERS_JSON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    incident_number: str
    description: str
    line_items: _containers.RepeatedCompositeFieldContainer[LineItemInput]
    incident_type: str
    incident_latitude: float
    incident_longitude: float
    incident_at: _timestamp_pb2.Timestamp
    form_answers_json: _containers.ScalarMap[str, str]
    idempotency_key: str
    def __init__(self, incident_number: _Optional[str] = ..., description: _Optional[str] = ..., line_items: _Optional[_Iterable[_Union[LineItemInput, _Mapping]]] = ..., incident_type: _Optional[str] = ..., incident_latitude: _Optional[float] = ..., incident_longitude: _Optional[float] = ..., incident_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., form_answers_json: _Optional[_Mapping[str, str]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class LineItem(_message.Message):
    __slots__ = ("id", "camera_id", "owner_org_id", "start", "end", "status", "permission", "reason", "case_id", "evidence_id", "camera_name", "warning", "due_at", "preserved", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PRESERVED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera_id: str
    owner_org_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    status: str
    permission: str
    reason: str
    case_id: str
    evidence_id: str
    camera_name: str
    warning: str
    due_at: _timestamp_pb2.Timestamp
    preserved: bool
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., permission: _Optional[str] = ..., reason: _Optional[str] = ..., case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., warning: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., preserved: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FormSubmission(_message.Message):
    __slots__ = ("owner_org_id", "form_version_id", "answers_json")
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    FORM_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_JSON_FIELD_NUMBER: _ClassVar[int]
    owner_org_id: str
    form_version_id: str
    answers_json: str
    def __init__(self, owner_org_id: _Optional[str] = ..., form_version_id: _Optional[str] = ..., answers_json: _Optional[str] = ...) -> None: ...

class VideoRequest(_message.Message):
    __slots__ = ("id", "requester_org_id", "requester_user_id", "incident_number", "description", "status", "line_items", "created_at", "incident", "forms")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    FORMS_FIELD_NUMBER: _ClassVar[int]
    id: str
    requester_org_id: str
    requester_user_id: str
    incident_number: str
    description: str
    status: str
    line_items: _containers.RepeatedCompositeFieldContainer[LineItem]
    created_at: _timestamp_pb2.Timestamp
    incident: Incident
    forms: _containers.RepeatedCompositeFieldContainer[FormSubmission]
    def __init__(self, id: _Optional[str] = ..., requester_org_id: _Optional[str] = ..., requester_user_id: _Optional[str] = ..., incident_number: _Optional[str] = ..., description: _Optional[str] = ..., status: _Optional[str] = ..., line_items: _Optional[_Iterable[_Union[LineItem, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident: _Optional[_Union[Incident, _Mapping]] = ..., forms: _Optional[_Iterable[_Union[FormSubmission, _Mapping]]] = ...) -> None: ...

class GetRequestRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListRequestsRequest(_message.Message):
    __slots__ = ("status", "owner_org_id", "requester_org_id", "requester_user_id", "camera_id", "incident_number", "created_from", "created_to", "incident_from", "incident_to", "text", "limit", "offset")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CREATED_FROM_FIELD_NUMBER: _ClassVar[int]
    CREATED_TO_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_FROM_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TO_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    status: str
    owner_org_id: str
    requester_org_id: str
    requester_user_id: str
    camera_id: str
    incident_number: str
    created_from: _timestamp_pb2.Timestamp
    created_to: _timestamp_pb2.Timestamp
    incident_from: _timestamp_pb2.Timestamp
    incident_to: _timestamp_pb2.Timestamp
    text: str
    limit: int
    offset: int
    def __init__(self, status: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., requester_org_id: _Optional[str] = ..., requester_user_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., incident_number: _Optional[str] = ..., created_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., text: _Optional[str] = ..., limit: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class ListRequestsResponse(_message.Message):
    __slots__ = ("requests", "total")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[VideoRequest]
    total: int
    def __init__(self, requests: _Optional[_Iterable[_Union[VideoRequest, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class ListReviewQueueRequest(_message.Message):
    __slots__ = ("limit", "offset")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    limit: int
    offset: int
    def __init__(self, limit: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class QueuedLineItem(_message.Message):
    __slots__ = ("request", "line_item_id")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    request: VideoRequest
    line_item_id: str
    def __init__(self, request: _Optional[_Union[VideoRequest, _Mapping]] = ..., line_item_id: _Optional[str] = ...) -> None: ...

class ListReviewQueueResponse(_message.Message):
    __slots__ = ("items", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[QueuedLineItem]
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[QueuedLineItem, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class CountRequestsResponse(_message.Message):
    __slots__ = ("by_status", "total")
    class ByStatusEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    BY_STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    by_status: _containers.ScalarMap[str, int]
    total: int
    def __init__(self, by_status: _Optional[_Mapping[str, int]] = ..., total: _Optional[int] = ...) -> None: ...

class DecideLineItemRequest(_message.Message):
    __slots__ = ("request_id", "line_item_id", "permission", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    line_item_id: str
    permission: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., line_item_id: _Optional[str] = ..., permission: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("id", "request_id", "owner_org_id", "author_user_id", "author_party", "body", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PARTY_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    request_id: str
    owner_org_id: str
    author_user_id: str
    author_party: str
    body: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., request_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., author_user_id: _Optional[str] = ..., author_party: _Optional[str] = ..., body: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PostMessageRequest(_message.Message):
    __slots__ = ("request_id", "owner_org_id", "body")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    owner_org_id: str
    body: str
    def __init__(self, request_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class ListMessagesRequest(_message.Message):
    __slots__ = ("request_id",)
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    def __init__(self, request_id: _Optional[str] = ...) -> None: ...

class ListMessagesResponse(_message.Message):
    __slots__ = ("messages",)
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[Message]
    def __init__(self, messages: _Optional[_Iterable[_Union[Message, _Mapping]]] = ...) -> None: ...

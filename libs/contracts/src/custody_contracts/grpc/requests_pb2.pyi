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

class SubmitRequestRequest(_message.Message):
    __slots__ = ("incident_number", "description", "line_items")
    INCIDENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    incident_number: str
    description: str
    line_items: _containers.RepeatedCompositeFieldContainer[LineItemInput]
    def __init__(self, incident_number: _Optional[str] = ..., description: _Optional[str] = ..., line_items: _Optional[_Iterable[_Union[LineItemInput, _Mapping]]] = ...) -> None: ...

class LineItem(_message.Message):
    __slots__ = ("id", "camera_id", "owner_org_id", "start", "end", "status", "permission", "reason", "case_id", "evidence_id")
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
    def __init__(self, id: _Optional[str] = ..., camera_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., permission: _Optional[str] = ..., reason: _Optional[str] = ..., case_id: _Optional[str] = ..., evidence_id: _Optional[str] = ...) -> None: ...

class VideoRequest(_message.Message):
    __slots__ = ("id", "requester_org_id", "requester_user_id", "incident_number", "description", "status", "line_items", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    requester_org_id: str
    requester_user_id: str
    incident_number: str
    description: str
    status: str
    line_items: _containers.RepeatedCompositeFieldContainer[LineItem]
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., requester_org_id: _Optional[str] = ..., requester_user_id: _Optional[str] = ..., incident_number: _Optional[str] = ..., description: _Optional[str] = ..., status: _Optional[str] = ..., line_items: _Optional[_Iterable[_Union[LineItem, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetRequestRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListRequestsRequest(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: str
    def __init__(self, status: _Optional[str] = ...) -> None: ...

class ListRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[VideoRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[VideoRequest, _Mapping]]] = ...) -> None: ...

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

import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Device(_message.Message):
    __slots__ = ("id", "org_id", "name", "kind", "channels", "background_recording", "online", "last_seen_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_RECORDING_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    name: str
    kind: str
    channels: int
    background_recording: bool
    online: bool
    last_seen_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., channels: _Optional[int] = ..., background_recording: _Optional[bool] = ..., online: _Optional[bool] = ..., last_seen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateDeviceRequest(_message.Message):
    __slots__ = ("name", "kind", "channels", "background_recording")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_RECORDING_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    channels: int
    background_recording: bool
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., channels: _Optional[int] = ..., background_recording: _Optional[bool] = ...) -> None: ...

class CreateDeviceResponse(_message.Message):
    __slots__ = ("device", "enrollment_code")
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    ENROLLMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    device: Device
    enrollment_code: str
    def __init__(self, device: _Optional[_Union[Device, _Mapping]] = ..., enrollment_code: _Optional[str] = ...) -> None: ...

class GetDeviceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

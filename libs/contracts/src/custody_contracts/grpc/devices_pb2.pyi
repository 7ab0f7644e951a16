import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListDevicesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDevicesResponse(_message.Message):
    __slots__ = ("devices", "pending_video_requests")
    class PendingVideoRequestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    DEVICES_FIELD_NUMBER: _ClassVar[int]
    PENDING_VIDEO_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    devices: _containers.RepeatedCompositeFieldContainer[Device]
    pending_video_requests: _containers.ScalarMap[str, int]
    def __init__(self, devices: _Optional[_Iterable[_Union[Device, _Mapping]]] = ..., pending_video_requests: _Optional[_Mapping[str, int]] = ...) -> None: ...

class SetBackgroundRecordingRequest(_message.Message):
    __slots__ = ("id", "enabled")
    ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    id: str
    enabled: bool
    def __init__(self, id: _Optional[str] = ..., enabled: _Optional[bool] = ...) -> None: ...

class RequestBackgroundVideoRequest(_message.Message):
    __slots__ = ("device_id", "start", "end", "channels", "case_id", "case_named")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NAMED_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    channels: _containers.RepeatedScalarFieldContainer[int]
    case_id: str
    case_named: bool
    def __init__(self, device_id: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channels: _Optional[_Iterable[int]] = ..., case_id: _Optional[str] = ..., case_named: _Optional[bool] = ...) -> None: ...

class ListBackgroundRequestsRequest(_message.Message):
    __slots__ = ("device_id",)
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    def __init__(self, device_id: _Optional[str] = ...) -> None: ...

class GetBackgroundRequestRequest(_message.Message):
    __slots__ = ("device_id", "id")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    id: str
    def __init__(self, device_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class BackgroundRequest(_message.Message):
    __slots__ = ("id", "device_id", "requested_by", "case_id", "case_named", "start", "end", "channels", "status", "reason", "created_at", "finished_at", "transfers")
    ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NAMED_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    id: str
    device_id: str
    requested_by: str
    case_id: str
    case_named: bool
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    channels: _containers.RepeatedScalarFieldContainer[int]
    status: str
    reason: str
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    transfers: _containers.RepeatedCompositeFieldContainer[Transfer]
    def __init__(self, id: _Optional[str] = ..., device_id: _Optional[str] = ..., requested_by: _Optional[str] = ..., case_id: _Optional[str] = ..., case_named: _Optional[bool] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channels: _Optional[_Iterable[int]] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., transfers: _Optional[_Iterable[_Union[Transfer, _Mapping]]] = ...) -> None: ...

class ListBackgroundRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[BackgroundRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[BackgroundRequest, _Mapping]]] = ...) -> None: ...

class Device(_message.Message):
    __slots__ = ("id", "org_id", "name", "kind", "channels", "background_recording", "online", "last_seen_at", "revoked", "storage_free_bytes", "battery_percent", "recording", "vms_base_url", "storage_total_bytes", "background_recording_applied")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_RECORDING_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    STORAGE_FREE_BYTES_FIELD_NUMBER: _ClassVar[int]
    BATTERY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    VMS_BASE_URL_FIELD_NUMBER: _ClassVar[int]
    STORAGE_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_RECORDING_APPLIED_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    name: str
    kind: str
    channels: int
    background_recording: bool
    online: bool
    last_seen_at: _timestamp_pb2.Timestamp
    revoked: bool
    storage_free_bytes: int
    battery_percent: float
    recording: bool
    vms_base_url: str
    storage_total_bytes: int
    background_recording_applied: bool
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., channels: _Optional[int] = ..., background_recording: _Optional[bool] = ..., online: _Optional[bool] = ..., last_seen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked: _Optional[bool] = ..., storage_free_bytes: _Optional[int] = ..., battery_percent: _Optional[float] = ..., recording: _Optional[bool] = ..., vms_base_url: _Optional[str] = ..., storage_total_bytes: _Optional[int] = ..., background_recording_applied: _Optional[bool] = ...) -> None: ...

class RevokeDeviceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListTransfersRequest(_message.Message):
    __slots__ = ("device_id", "pending_only")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    PENDING_ONLY_FIELD_NUMBER: _ClassVar[int]
    device_id: str
    pending_only: bool
    def __init__(self, device_id: _Optional[str] = ..., pending_only: _Optional[bool] = ...) -> None: ...

class TransferFile(_message.Message):
    __slots__ = ("upload_id", "filename", "bytes_done", "bytes_total", "status")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    BYTES_DONE_FIELD_NUMBER: _ClassVar[int]
    BYTES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    filename: str
    bytes_done: int
    bytes_total: int
    status: str
    def __init__(self, upload_id: _Optional[str] = ..., filename: _Optional[str] = ..., bytes_done: _Optional[int] = ..., bytes_total: _Optional[int] = ..., status: _Optional[str] = ...) -> None: ...

class Transfer(_message.Message):
    __slots__ = ("command_id", "export_id", "request_id", "channel", "start", "end", "status", "attempts", "files", "no_video_reason", "no_video_detail")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    NO_VIDEO_REASON_FIELD_NUMBER: _ClassVar[int]
    NO_VIDEO_DETAIL_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    export_id: str
    request_id: str
    channel: int
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    status: str
    attempts: int
    files: _containers.RepeatedCompositeFieldContainer[TransferFile]
    no_video_reason: str
    no_video_detail: str
    def __init__(self, command_id: _Optional[str] = ..., export_id: _Optional[str] = ..., request_id: _Optional[str] = ..., channel: _Optional[int] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., attempts: _Optional[int] = ..., files: _Optional[_Iterable[_Union[TransferFile, _Mapping]]] = ..., no_video_reason: _Optional[str] = ..., no_video_detail: _Optional[str] = ...) -> None: ...

class ListExportsRequest(_message.Message):
    __slots__ = ("limit", "cursor")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    limit: int
    cursor: str
    def __init__(self, limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ExportedFile(_message.Message):
    __slots__ = ("upload_id", "filename", "size", "sha256", "completed_at")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    filename: str
    size: int
    sha256: str
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, upload_id: _Optional[str] = ..., filename: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExportRecord(_message.Message):
    __slots__ = ("export_id", "request_id", "line_item_id", "camera_id", "camera_name", "device_id", "channel", "start", "end", "requester_org_id", "status", "created_at", "finished_at", "files")
    EXPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    export_id: str
    request_id: str
    line_item_id: str
    camera_id: str
    camera_name: str
    device_id: str
    channel: int
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    requester_org_id: str
    status: str
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    files: _containers.RepeatedCompositeFieldContainer[ExportedFile]
    def __init__(self, export_id: _Optional[str] = ..., request_id: _Optional[str] = ..., line_item_id: _Optional[str] = ..., camera_id: _Optional[str] = ..., camera_name: _Optional[str] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., requester_org_id: _Optional[str] = ..., status: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., files: _Optional[_Iterable[_Union[ExportedFile, _Mapping]]] = ...) -> None: ...

class ListExportsResponse(_message.Message):
    __slots__ = ("exports", "next_cursor")
    EXPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    exports: _containers.RepeatedCompositeFieldContainer[ExportRecord]
    next_cursor: str
    def __init__(self, exports: _Optional[_Iterable[_Union[ExportRecord, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListTransfersResponse(_message.Message):
    __slots__ = ("transfers",)
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    transfers: _containers.RepeatedCompositeFieldContainer[Transfer]
    def __init__(self, transfers: _Optional[_Iterable[_Union[Transfer, _Mapping]]] = ...) -> None: ...

class CreateDeviceRequest(_message.Message):
    __slots__ = ("name", "kind", "channels", "background_recording", "vms_base_url")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_RECORDING_FIELD_NUMBER: _ClassVar[int]
    VMS_BASE_URL_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    channels: int
    background_recording: bool
    vms_base_url: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., channels: _Optional[int] = ..., background_recording: _Optional[bool] = ..., vms_base_url: _Optional[str] = ...) -> None: ...

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

class UploadGrant(_message.Message):
    __slots__ = ("id", "org_id", "case_id", "source", "expires_at", "max_files", "max_bytes_per_file", "max_total_bytes", "allowed_media_types", "file_request_id", "revoked", "files_uploaded", "bytes_uploaded")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_FILES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    FILE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    FILES_UPLOADED_FIELD_NUMBER: _ClassVar[int]
    BYTES_UPLOADED_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    case_id: str
    source: str
    expires_at: _timestamp_pb2.Timestamp
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: _containers.RepeatedScalarFieldContainer[str]
    file_request_id: str
    revoked: bool
    files_uploaded: int
    bytes_uploaded: int
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., case_id: _Optional[str] = ..., source: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_files: _Optional[int] = ..., max_bytes_per_file: _Optional[int] = ..., max_total_bytes: _Optional[int] = ..., allowed_media_types: _Optional[_Iterable[str]] = ..., file_request_id: _Optional[str] = ..., revoked: _Optional[bool] = ..., files_uploaded: _Optional[int] = ..., bytes_uploaded: _Optional[int] = ...) -> None: ...

class CreateUploadGrantRequest(_message.Message):
    __slots__ = ("case_id", "source", "expires_at", "max_files", "max_bytes_per_file", "max_total_bytes", "allowed_media_types", "file_request_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_FILES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_PER_FILE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    FILE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    source: str
    expires_at: _timestamp_pb2.Timestamp
    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: _containers.RepeatedScalarFieldContainer[str]
    file_request_id: str
    def __init__(self, case_id: _Optional[str] = ..., source: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_files: _Optional[int] = ..., max_bytes_per_file: _Optional[int] = ..., max_total_bytes: _Optional[int] = ..., allowed_media_types: _Optional[_Iterable[str]] = ..., file_request_id: _Optional[str] = ...) -> None: ...

class CreateUploadGrantResponse(_message.Message):
    __slots__ = ("grant", "token")
    GRANT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    grant: UploadGrant
    token: str
    def __init__(self, grant: _Optional[_Union[UploadGrant, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class RevokeUploadGrantRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetUploadGrantRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Camera(_message.Message):
    __slots__ = ("id", "org_id", "name", "kind", "latitude", "longitude", "address", "device_id", "channel", "visibility", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    device_id: str
    channel: int
    visibility: str
    status: str
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., address: _Optional[str] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., visibility: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class CreateCameraRequest(_message.Message):
    __slots__ = ("name", "kind", "latitude", "longitude", "address", "device_id", "channel", "visibility")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    device_id: str
    channel: int
    visibility: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., address: _Optional[str] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., visibility: _Optional[str] = ...) -> None: ...

class GetCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class SearchCamerasRequest(_message.Message):
    __slots__ = ("latitude", "longitude", "radius_m", "limit")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    radius_m: float
    limit: int
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_m: _Optional[float] = ..., limit: _Optional[int] = ...) -> None: ...

class CameraHit(_message.Message):
    __slots__ = ("camera", "distance_m")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_M_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    distance_m: float
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., distance_m: _Optional[float] = ...) -> None: ...

class SearchCamerasResponse(_message.Message):
    __slots__ = ("hits",)
    HITS_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[CameraHit]
    def __init__(self, hits: _Optional[_Iterable[_Union[CameraHit, _Mapping]]] = ...) -> None: ...

class CameraRequestPolicy(_message.Message):
    __slots__ = ("camera_id", "owner_org_id", "approver_user_ids", "auto_approve_org_ids", "export_before_approval", "max_span_hours", "sla_hours", "retention_days", "device_id", "channel", "vms_camera_ref", "camera_name", "camera_group_id")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    AUTO_APPROVE_ORG_IDS_FIELD_NUMBER: _ClassVar[int]
    EXPORT_BEFORE_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    MAX_SPAN_HOURS_FIELD_NUMBER: _ClassVar[int]
    SLA_HOURS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VMS_CAMERA_REF_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    owner_org_id: str
    approver_user_ids: _containers.RepeatedScalarFieldContainer[str]
    auto_approve_org_ids: _containers.RepeatedScalarFieldContainer[str]
    export_before_approval: bool
    max_span_hours: int
    sla_hours: int
    retention_days: int
    device_id: str
    channel: int
    vms_camera_ref: str
    camera_name: str
    camera_group_id: str
    def __init__(self, camera_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., approver_user_ids: _Optional[_Iterable[str]] = ..., auto_approve_org_ids: _Optional[_Iterable[str]] = ..., export_before_approval: _Optional[bool] = ..., max_span_hours: _Optional[int] = ..., sla_hours: _Optional[int] = ..., retention_days: _Optional[int] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., vms_camera_ref: _Optional[str] = ..., camera_name: _Optional[str] = ..., camera_group_id: _Optional[str] = ...) -> None: ...

class GetRequestPoliciesRequest(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, camera_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetRequestPoliciesResponse(_message.Message):
    __slots__ = ("policies",)
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[CameraRequestPolicy]
    def __init__(self, policies: _Optional[_Iterable[_Union[CameraRequestPolicy, _Mapping]]] = ...) -> None: ...

class ValidateFormSubmissionRequest(_message.Message):
    __slots__ = ("owner_org_id", "form_version_id", "answers_json")
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    FORM_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_JSON_FIELD_NUMBER: _ClassVar[int]
    owner_org_id: str
    form_version_id: str
    answers_json: str
    def __init__(self, owner_org_id: _Optional[str] = ..., form_version_id: _Optional[str] = ..., answers_json: _Optional[str] = ...) -> None: ...

class ValidateFormSubmissionResponse(_message.Message):
    __slots__ = ("form_version_id", "normalized_answers_json")
    FORM_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_ANSWERS_JSON_FIELD_NUMBER: _ClassVar[int]
    form_version_id: str
    normalized_answers_json: str
    def __init__(self, form_version_id: _Optional[str] = ..., normalized_answers_json: _Optional[str] = ...) -> None: ...

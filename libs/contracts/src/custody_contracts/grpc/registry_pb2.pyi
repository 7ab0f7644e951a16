import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Camera(_message.Message):
    __slots__ = ("id", "org_id", "name", "kind", "latitude", "longitude", "address", "device_id", "channel", "visibility", "status", "heading", "field_of_view", "contact", "retention_days", "vms_device_id", "vms_camera_ref", "partner_org_ids", "group_id", "has_thumbnail", "updated_at")
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
    HEADING_FIELD_NUMBER: _ClassVar[int]
    FIELD_OF_VIEW_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    VMS_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    VMS_CAMERA_REF_FIELD_NUMBER: _ClassVar[int]
    PARTNER_ORG_IDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    HAS_THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
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
    heading: float
    field_of_view: float
    contact: str
    retention_days: int
    vms_device_id: str
    vms_camera_ref: str
    partner_org_ids: _containers.RepeatedScalarFieldContainer[str]
    group_id: str
    has_thumbnail: bool
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., address: _Optional[str] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., visibility: _Optional[str] = ..., status: _Optional[str] = ..., heading: _Optional[float] = ..., field_of_view: _Optional[float] = ..., contact: _Optional[str] = ..., retention_days: _Optional[int] = ..., vms_device_id: _Optional[str] = ..., vms_camera_ref: _Optional[str] = ..., partner_org_ids: _Optional[_Iterable[str]] = ..., group_id: _Optional[str] = ..., has_thumbnail: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCameraRequest(_message.Message):
    __slots__ = ("name", "kind", "latitude", "longitude", "address", "device_id", "channel", "visibility", "heading", "field_of_view", "contact", "retention_days", "vms_device_id", "vms_camera_ref", "partner_org_ids", "group_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    HEADING_FIELD_NUMBER: _ClassVar[int]
    FIELD_OF_VIEW_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    VMS_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    VMS_CAMERA_REF_FIELD_NUMBER: _ClassVar[int]
    PARTNER_ORG_IDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    device_id: str
    channel: int
    visibility: str
    heading: float
    field_of_view: float
    contact: str
    retention_days: int
    vms_device_id: str
    vms_camera_ref: str
    partner_org_ids: _containers.RepeatedScalarFieldContainer[str]
    group_id: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., address: _Optional[str] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., visibility: _Optional[str] = ..., heading: _Optional[float] = ..., field_of_view: _Optional[float] = ..., contact: _Optional[str] = ..., retention_days: _Optional[int] = ..., vms_device_id: _Optional[str] = ..., vms_camera_ref: _Optional[str] = ..., partner_org_ids: _Optional[_Iterable[str]] = ..., group_id: _Optional[str] = ...) -> None: ...

class UpdateCameraRequest(_message.Message):
    __slots__ = ("id", "camera")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    id: str
    camera: CreateCameraRequest
    def __init__(self, id: _Optional[str] = ..., camera: _Optional[_Union[CreateCameraRequest, _Mapping]] = ...) -> None: ...

class RetireCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCameraRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class SearchCamerasRequest(_message.Message):
    __slots__ = ("latitude", "longitude", "radius_m", "limit", "box", "text", "kinds", "owner_org_id", "cursor")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_M_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    BOX_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    radius_m: float
    limit: int
    box: BoundingBoxFilter
    text: str
    kinds: _containers.RepeatedScalarFieldContainer[str]
    owner_org_id: str
    cursor: str
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_m: _Optional[float] = ..., limit: _Optional[int] = ..., box: _Optional[_Union[BoundingBoxFilter, _Mapping]] = ..., text: _Optional[str] = ..., kinds: _Optional[_Iterable[str]] = ..., owner_org_id: _Optional[str] = ..., cursor: _Optional[str] = ...) -> None: ...

class BoundingBoxFilter(_message.Message):
    __slots__ = ("min_latitude", "min_longitude", "max_latitude", "max_longitude")
    MIN_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    MIN_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    MAX_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    MAX_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    min_latitude: float
    min_longitude: float
    max_latitude: float
    max_longitude: float
    def __init__(self, min_latitude: _Optional[float] = ..., min_longitude: _Optional[float] = ..., max_latitude: _Optional[float] = ..., max_longitude: _Optional[float] = ...) -> None: ...

class CameraHit(_message.Message):
    __slots__ = ("camera", "distance_m")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_M_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    distance_m: float
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., distance_m: _Optional[float] = ...) -> None: ...

class SearchCamerasResponse(_message.Message):
    __slots__ = ("hits", "next_cursor")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[CameraHit]
    next_cursor: str
    def __init__(self, hits: _Optional[_Iterable[_Union[CameraHit, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class MapCamerasRequest(_message.Message):
    __slots__ = ("box", "zoom", "text", "kinds", "owner_org_id")
    BOX_FIELD_NUMBER: _ClassVar[int]
    ZOOM_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    box: BoundingBoxFilter
    zoom: int
    text: str
    kinds: _containers.RepeatedScalarFieldContainer[str]
    owner_org_id: str
    def __init__(self, box: _Optional[_Union[BoundingBoxFilter, _Mapping]] = ..., zoom: _Optional[int] = ..., text: _Optional[str] = ..., kinds: _Optional[_Iterable[str]] = ..., owner_org_id: _Optional[str] = ...) -> None: ...

class MapCell(_message.Message):
    __slots__ = ("count", "latitude", "longitude", "bounds")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    BOUNDS_FIELD_NUMBER: _ClassVar[int]
    count: int
    latitude: float
    longitude: float
    bounds: BoundingBoxFilter
    def __init__(self, count: _Optional[int] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., bounds: _Optional[_Union[BoundingBoxFilter, _Mapping]] = ...) -> None: ...

class MapCamerasResponse(_message.Message):
    __slots__ = ("cameras", "cells")
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[Camera]
    cells: _containers.RepeatedCompositeFieldContainer[MapCell]
    def __init__(self, cameras: _Optional[_Iterable[_Union[Camera, _Mapping]]] = ..., cells: _Optional[_Iterable[_Union[MapCell, _Mapping]]] = ...) -> None: ...

class CameraRequestPolicy(_message.Message):
    __slots__ = ("camera_id", "owner_org_id", "approver_user_ids", "auto_approve_org_ids", "export_before_approval", "max_span_hours", "sla_hours", "retention_days", "device_id", "channel", "vms_camera_ref", "camera_name", "camera_group_id", "camera_status", "vms_device_id", "camera_latitude", "camera_longitude")
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
    CAMERA_STATUS_FIELD_NUMBER: _ClassVar[int]
    VMS_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
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
    camera_status: str
    vms_device_id: str
    camera_latitude: float
    camera_longitude: float
    def __init__(self, camera_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., approver_user_ids: _Optional[_Iterable[str]] = ..., auto_approve_org_ids: _Optional[_Iterable[str]] = ..., export_before_approval: _Optional[bool] = ..., max_span_hours: _Optional[int] = ..., sla_hours: _Optional[int] = ..., retention_days: _Optional[int] = ..., device_id: _Optional[str] = ..., channel: _Optional[int] = ..., vms_camera_ref: _Optional[str] = ..., camera_name: _Optional[str] = ..., camera_group_id: _Optional[str] = ..., camera_status: _Optional[str] = ..., vms_device_id: _Optional[str] = ..., camera_latitude: _Optional[float] = ..., camera_longitude: _Optional[float] = ...) -> None: ...

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

class CameraGroupSpec(_message.Message):
    __slots__ = ("name", "approver_user_ids")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    approver_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., approver_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CameraGroup(_message.Message):
    __slots__ = ("id", "org_id", "name", "approver_user_ids", "camera_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    name: str
    approver_user_ids: _containers.RepeatedScalarFieldContainer[str]
    camera_count: int
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., approver_user_ids: _Optional[_Iterable[str]] = ..., camera_count: _Optional[int] = ...) -> None: ...

class UpdateCameraGroupRequest(_message.Message):
    __slots__ = ("id", "group")
    ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    id: str
    group: CameraGroupSpec
    def __init__(self, id: _Optional[str] = ..., group: _Optional[_Union[CameraGroupSpec, _Mapping]] = ...) -> None: ...

class ListCameraGroupsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCameraGroupsResponse(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[CameraGroup]
    def __init__(self, groups: _Optional[_Iterable[_Union[CameraGroup, _Mapping]]] = ...) -> None: ...

class AssignCamerasToGroupRequest(_message.Message):
    __slots__ = ("group_id", "camera_ids")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, group_id: _Optional[str] = ..., camera_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class AssignCamerasToGroupResponse(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, camera_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetRequestSettingsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestSettings(_message.Message):
    __slots__ = ("org_id", "approver_user_ids", "auto_approve_org_ids", "export_before_approval", "max_span_hours", "sla_hours")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    AUTO_APPROVE_ORG_IDS_FIELD_NUMBER: _ClassVar[int]
    EXPORT_BEFORE_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    MAX_SPAN_HOURS_FIELD_NUMBER: _ClassVar[int]
    SLA_HOURS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    approver_user_ids: _containers.RepeatedScalarFieldContainer[str]
    auto_approve_org_ids: _containers.RepeatedScalarFieldContainer[str]
    export_before_approval: bool
    max_span_hours: int
    sla_hours: int
    def __init__(self, org_id: _Optional[str] = ..., approver_user_ids: _Optional[_Iterable[str]] = ..., auto_approve_org_ids: _Optional[_Iterable[str]] = ..., export_before_approval: _Optional[bool] = ..., max_span_hours: _Optional[int] = ..., sla_hours: _Optional[int] = ...) -> None: ...

class FormField(_message.Message):
    __slots__ = ("key", "label", "type", "required", "help_text", "pattern", "min", "max", "options")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    HELP_TEXT_FIELD_NUMBER: _ClassVar[int]
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    label: str
    type: str
    required: bool
    help_text: str
    pattern: str
    min: float
    max: float
    options: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, key: _Optional[str] = ..., label: _Optional[str] = ..., type: _Optional[str] = ..., required: _Optional[bool] = ..., help_text: _Optional[str] = ..., pattern: _Optional[str] = ..., min: _Optional[float] = ..., max: _Optional[float] = ..., options: _Optional[_Iterable[str]] = ...) -> None: ...

class PublishRequestFormRequest(_message.Message):
    __slots__ = ("title", "fields")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    title: str
    fields: _containers.RepeatedCompositeFieldContainer[FormField]
    def __init__(self, title: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[FormField, _Mapping]]] = ...) -> None: ...

class RequestFormVersion(_message.Message):
    __slots__ = ("id", "org_id", "version", "title", "fields", "published_at", "published_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    version: int
    title: str
    fields: _containers.RepeatedCompositeFieldContainer[FormField]
    published_at: _timestamp_pb2.Timestamp
    published_by: str
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., version: _Optional[int] = ..., title: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[FormField, _Mapping]]] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ...) -> None: ...

class ListRequestFormsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRequestFormsResponse(_message.Message):
    __slots__ = ("versions",)
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[RequestFormVersion]
    def __init__(self, versions: _Optional[_Iterable[_Union[RequestFormVersion, _Mapping]]] = ...) -> None: ...

class GetRequestFormRequest(_message.Message):
    __slots__ = ("owner_org_id", "version_id")
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    owner_org_id: str
    version_id: str
    def __init__(self, owner_org_id: _Optional[str] = ..., version_id: _Optional[str] = ...) -> None: ...

class SetThumbnailRequest(_message.Message):
    __slots__ = ("camera_id", "image")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    image: bytes
    def __init__(self, camera_id: _Optional[str] = ..., image: _Optional[bytes] = ...) -> None: ...

class GetThumbnailRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    def __init__(self, camera_id: _Optional[str] = ...) -> None: ...

class Thumbnail(_message.Message):
    __slots__ = ("jpeg", "sha256")
    JPEG_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    jpeg: bytes
    sha256: str
    def __init__(self, jpeg: _Optional[bytes] = ..., sha256: _Optional[str] = ...) -> None: ...

class ImportCamerasRequest(_message.Message):
    __slots__ = ("format", "data", "dry_run")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    format: str
    data: bytes
    dry_run: bool
    def __init__(self, format: _Optional[str] = ..., data: _Optional[bytes] = ..., dry_run: _Optional[bool] = ...) -> None: ...

class RowProblem(_message.Message):
    __slots__ = ("line", "reason")
    LINE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    line: int
    reason: str
    def __init__(self, line: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ImportCamerasResponse(_message.Message):
    __slots__ = ("valid_rows", "problems", "camera_ids")
    VALID_ROWS_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    valid_rows: int
    problems: _containers.RepeatedCompositeFieldContainer[RowProblem]
    camera_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, valid_rows: _Optional[int] = ..., problems: _Optional[_Iterable[_Union[RowProblem, _Mapping]]] = ..., camera_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ExportCamerasRequest(_message.Message):
    __slots__ = ("format",)
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    format: str
    def __init__(self, format: _Optional[str] = ...) -> None: ...

class ExportCamerasResponse(_message.Message):
    __slots__ = ("data", "content_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    content_type: str
    def __init__(self, data: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class ListCamerasRequest(_message.Message):
    __slots__ = ("text", "group_id", "status", "limit", "cursor", "ungrouped")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    UNGROUPED_FIELD_NUMBER: _ClassVar[int]
    text: str
    group_id: str
    status: str
    limit: int
    cursor: str
    ungrouped: bool
    def __init__(self, text: _Optional[str] = ..., group_id: _Optional[str] = ..., status: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., ungrouped: _Optional[bool] = ...) -> None: ...

class ListCamerasResponse(_message.Message):
    __slots__ = ("cameras", "next_cursor", "total")
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[Camera]
    next_cursor: str
    total: int
    def __init__(self, cameras: _Optional[_Iterable[_Union[Camera, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...

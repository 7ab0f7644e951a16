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

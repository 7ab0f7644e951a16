"""Cameras in the registry. The source binding (device, channel, VMS) and the contact are the
owner's business: other organizations see where a camera is and what it looks at, not what
records it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from annotated_types import Ge, Gt, Le
from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.fields import optional_uuid, read_optional, read_time
from pydantic import BaseModel, Field

from gateway.adapters.orm import Organization
from gateway.entrypoints.api.schemas.common import (
    Count,
    Latitude,
    Line,
    Longitude,
    Name,
    Real,
    UniqueIds,
)
from gateway.entrypoints.api.schemas.directory import OrgContact, contact_of

CameraKind = Literal["fixed", "ptz", "body_worn", "in_car", "doorbell", "other"]
Visibility = Literal["registry", "partners", "private"]


class CameraCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=200)
    kind: CameraKind
    latitude: Latitude
    longitude: Longitude
    address: Line = Field(default="", max_length=500)
    heading: Annotated[Real, Ge(0), Le(360)] | None = None
    field_of_view: Annotated[Real, Gt(0), Le(360)] | None = None
    contact: Line = Field(default="", max_length=200)
    retention_days: Annotated[Count, Le(3650)] = 0
    device_id: uuid.UUID | None = None
    channel: Annotated[Count, Le(1024)] = 0
    vms_device_id: uuid.UUID | None = None
    vms_camera_ref: Line = Field(default="", max_length=200)
    visibility: Visibility = "registry"
    partner_org_ids: UniqueIds = Field(default_factory=list, max_length=100)
    group_id: uuid.UUID | None = None

    def to_proto(self) -> registry_pb2.CreateCameraRequest:
        ids = {"device_id", "vms_device_id", "group_id", "partner_org_ids"}
        fields = self.model_dump(exclude=ids | {"heading", "field_of_view"})
        return registry_pb2.CreateCameraRequest(
            device_id=str(self.device_id or ""),
            vms_device_id=str(self.vms_device_id or ""),
            group_id=str(self.group_id or ""),
            partner_org_ids=[str(org) for org in self.partner_org_ids],
            heading=self.heading,
            field_of_view=self.field_of_view,
            **fields,
        )


CameraUpdate = CameraCreate  # a PUT replaces the whole description


class CameraPublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    heading: float | None = None
    field_of_view: float | None = None
    retention_days: int = 0
    visibility: str
    status: str
    has_thumbnail: bool = False
    updated_at: datetime | None = None  # the last change to the camera or its group
    # Only for the owner organization:
    device_id: uuid.UUID | None = None
    channel: int | None = None
    vms_device_id: uuid.UUID | None = None
    vms_camera_ref: str | None = None
    contact: str | None = None
    partner_org_ids: list[uuid.UUID] | None = None
    group_id: uuid.UUID | None = None


class CamerasPublic(BaseModel):
    """A page of the caller's organization's cameras, by name."""

    items: list[CameraPublic]
    count: int
    total: int  # cameras matching the filters, on every page
    next_cursor: str | None = None  # pass as ?cursor= for the next page


def cameras_public(response: registry_pb2.ListCamerasResponse, org: uuid.UUID) -> CamerasPublic:
    items = [camera_public(camera, org) for camera in response.cameras]
    return CamerasPublic(
        items=items,
        count=len(items),
        total=response.total,
        next_cursor=response.next_cursor or None,
    )


class CameraOwned(CameraPublic):
    """A camera with its owner's public card, for whoever is looking for cameras."""

    owner_name: str = ""
    owner_contact: OrgContact = Field(default_factory=OrgContact)


class CameraHitPublic(CameraOwned):
    distance_m: float


class CameraHitsPublic(BaseModel):
    items: list[CameraHitPublic]
    count: int
    next_cursor: str | None = None  # pass as ?cursor= for the next page


def _fields(camera: registry_pb2.Camera, caller_org: uuid.UUID) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": uuid.UUID(camera.id),
        "org_id": uuid.UUID(camera.org_id),
        "name": camera.name,
        "kind": camera.kind,
        "latitude": camera.latitude,
        "longitude": camera.longitude,
        "address": camera.address,
        "heading": read_optional(camera, "heading"),
        "field_of_view": read_optional(camera, "field_of_view"),
        "retention_days": camera.retention_days,
        "visibility": camera.visibility,
        "status": camera.status,
        "has_thumbnail": camera.has_thumbnail,
        "updated_at": read_time(camera, "updated_at"),
    }
    if fields["org_id"] == caller_org:
        fields.update(
            device_id=optional_uuid(camera.device_id, "device_id"),
            channel=camera.channel,
            vms_device_id=optional_uuid(camera.vms_device_id, "vms_device_id"),
            vms_camera_ref=camera.vms_camera_ref,
            contact=camera.contact,
            partner_org_ids=[uuid.UUID(org) for org in camera.partner_org_ids],
            group_id=optional_uuid(camera.group_id, "group_id"),
        )
    return fields


def camera_public(camera: registry_pb2.Camera, caller_org: uuid.UUID) -> CameraPublic:
    return CameraPublic(**_fields(camera, caller_org))


def owned_fields(
    camera: registry_pb2.Camera, caller_org: uuid.UUID, owners: Mapping[uuid.UUID, Organization]
) -> dict[str, Any]:
    """The camera as the caller sees it, with its owner's card ("" for an owner unknown here)."""
    fields = _fields(camera, caller_org)
    owner = owners.get(fields["org_id"])
    if owner is not None:
        fields.update(owner_name=owner.name, owner_contact=contact_of(owner))
    return fields


def camera_hits(
    response: registry_pb2.SearchCamerasResponse,
    caller_org: uuid.UUID,
    owners: Mapping[uuid.UUID, Organization],
) -> CameraHitsPublic:
    items = [
        CameraHitPublic(**owned_fields(hit.camera, caller_org, owners), distance_m=hit.distance_m)
        for hit in response.hits
    ]
    return CameraHitsPublic(items=items, count=len(items), next_cursor=response.next_cursor or None)

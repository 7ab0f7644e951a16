"""The registry's events: cameras, camera groups, request settings and forms."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from custody_contracts import topics
from custody_contracts.events.base import Event


class CameraRegistered(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_registered.v1"] = "registry.camera_registered.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float


class CameraUpdated(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_updated.v1"] = "registry.camera_updated.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    visibility: str
    group_id: uuid.UUID | None = None


class CameraRetired(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_retired.v1"] = "registry.camera_retired.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID


class CameraGroupSaved(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "group_id"
    type: Literal["registry.camera_group_saved.v1"] = "registry.camera_group_saved.v1"
    group_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    approver_user_ids: tuple[uuid.UUID, ...] = ()


class RequestSettingsChanged(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "org_id"
    type: Literal["registry.request_settings_changed.v1"] = "registry.request_settings_changed.v1"
    org_id: uuid.UUID
    approver_user_ids: tuple[uuid.UUID, ...] = ()
    auto_approve_org_ids: tuple[uuid.UUID, ...] = ()
    export_before_approval: bool = False
    max_span_hours: int = 12
    sla_hours: int = 0


class RequestFormPublished(Event):
    topic: ClassVar[str] = topics.REGISTRY
    key_field: ClassVar[str] = "org_id"
    type: Literal["registry.request_form_published.v1"] = "registry.request_form_published.v1"
    org_id: uuid.UUID
    form_version_id: uuid.UUID
    version: int

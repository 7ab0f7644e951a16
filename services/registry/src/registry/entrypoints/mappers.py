"""Conversions between protobuf messages and the registry's domain objects."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.fields import optional_uuid, parse_uuids, read_optional, timestamp

from registry.domain.cameras import Camera, CameraSpec
from registry.domain.forms import FormField, FormVersion
from registry.domain.map import MapQuery, MapView, map_query
from registry.domain.policies import CameraGroup, CameraPolicy, RequestSettings


def strings(values: Iterable[uuid.UUID]) -> list[str]:
    return [str(v) for v in values]


def camera_spec(request: registry_pb2.CreateCameraRequest) -> CameraSpec:
    return CameraSpec(
        name=request.name,
        kind=request.kind,
        latitude=request.latitude,
        longitude=request.longitude,
        address=request.address,
        device_id=optional_uuid(request.device_id, "device_id"),
        channel=request.channel,
        visibility=request.visibility or "registry",
        heading=read_optional(request, "heading"),
        field_of_view=read_optional(request, "field_of_view"),
        contact=request.contact,
        retention_days=request.retention_days,
        vms_device_id=optional_uuid(request.vms_device_id, "vms_device_id"),
        vms_camera_ref=request.vms_camera_ref,
        partner_org_ids=parse_uuids(request.partner_org_ids, "partner_org_ids"),
        group_id=optional_uuid(request.group_id, "group_id"),
    )


def camera_message(camera: Camera) -> registry_pb2.Camera:
    return registry_pb2.Camera(
        id=str(camera.id),
        org_id=str(camera.org_id),
        name=camera.name,
        kind=camera.kind,
        latitude=camera.latitude,
        longitude=camera.longitude,
        address=camera.address,
        device_id=str(camera.device_id or ""),
        channel=camera.channel,
        visibility=camera.visibility,
        status=camera.status,
        heading=camera.heading,
        field_of_view=camera.field_of_view,
        contact=camera.contact,
        retention_days=camera.retention_days,
        vms_device_id=str(camera.vms_device_id or ""),
        vms_camera_ref=camera.vms_camera_ref,
        partner_org_ids=strings(camera.partner_org_ids),
        group_id=str(camera.group_id or ""),
        has_thumbnail=camera.thumbnail_key is not None,
        updated_at=timestamp(camera.updated_at),
    )


def policy_message(policy: CameraPolicy) -> registry_pb2.CameraRequestPolicy:
    camera, settings = policy.camera, policy.settings
    return registry_pb2.CameraRequestPolicy(
        camera_id=str(camera.id),
        owner_org_id=str(camera.org_id),
        approver_user_ids=strings(policy.approver_user_ids),
        auto_approve_org_ids=strings(settings.auto_approve_org_ids),
        export_before_approval=settings.export_before_approval,
        max_span_hours=settings.max_span_hours,
        sla_hours=settings.sla_hours,
        retention_days=camera.retention_days,
        device_id=str(camera.device_id or ""),
        channel=camera.channel,
        vms_camera_ref=camera.vms_camera_ref,
        vms_device_id=str(camera.vms_device_id or ""),
        camera_name=camera.name,
        camera_latitude=camera.latitude,
        camera_longitude=camera.longitude,
        camera_group_id=str(camera.group_id or ""),
        camera_status=camera.status,
    )


def settings_from(message: registry_pb2.RequestSettings, org_id: uuid.UUID) -> RequestSettings:
    return RequestSettings(
        org_id=org_id,
        approver_user_ids=parse_uuids(message.approver_user_ids, "approver_user_ids"),
        auto_approve_org_ids=parse_uuids(message.auto_approve_org_ids, "auto_approve_org_ids"),
        export_before_approval=message.export_before_approval,
        max_span_hours=message.max_span_hours,
        sla_hours=message.sla_hours,
    )


def settings_message(settings: RequestSettings) -> registry_pb2.RequestSettings:
    return registry_pb2.RequestSettings(
        org_id=str(settings.org_id),
        approver_user_ids=strings(settings.approver_user_ids),
        auto_approve_org_ids=strings(settings.auto_approve_org_ids),
        export_before_approval=settings.export_before_approval,
        max_span_hours=settings.max_span_hours,
        sla_hours=settings.sla_hours,
    )


def group_message(group: CameraGroup, camera_count: int = 0) -> registry_pb2.CameraGroup:
    return registry_pb2.CameraGroup(
        id=str(group.id),
        org_id=str(group.org_id),
        name=group.name,
        approver_user_ids=strings(group.approver_user_ids),
        camera_count=camera_count,
    )


def form_field(message: registry_pb2.FormField) -> FormField:
    return FormField(
        key=message.key,
        label=message.label,
        type=message.type,
        required=message.required,
        help_text=message.help_text,
        pattern=message.pattern,
        min=read_optional(message, "min"),
        max=read_optional(message, "max"),
        options=tuple(message.options),
    )


def form_message(form: FormVersion) -> registry_pb2.RequestFormVersion:
    return registry_pb2.RequestFormVersion(
        id=str(form.id),
        org_id=str(form.org_id),
        version=form.version,
        title=form.title,
        fields=[
            registry_pb2.FormField(
                key=f.key,
                label=f.label,
                type=f.type,
                required=f.required,
                help_text=f.help_text,
                pattern=f.pattern,
                min=f.min,
                max=f.max,
                options=list(f.options),
            )
            for f in form.fields
        ],
        published_at=timestamp(form.published_at),
        published_by=str(form.published_by),
    )


def map_query_of(request: registry_pb2.MapCamerasRequest) -> MapQuery:
    b = request.box
    return map_query(
        (b.min_latitude, b.min_longitude, b.max_latitude, b.max_longitude),
        request.zoom,
        text=request.text,
        kinds=tuple(request.kinds),
        owner_org_id=optional_uuid(request.owner_org_id, "owner_org_id"),
    )


def map_message(view: MapView) -> registry_pb2.MapCamerasResponse:
    cells = [
        registry_pb2.MapCell(
            count=c.count,
            latitude=c.latitude,
            longitude=c.longitude,
            bounds=registry_pb2.BoundingBoxFilter(
                min_latitude=c.south,
                min_longitude=c.west,
                max_latitude=c.north,
                max_longitude=c.east,
            ),
        )
        for c in view.cells
    ]
    return registry_pb2.MapCamerasResponse(
        cameras=[camera_message(c) for c in view.cameras], cells=cells
    )

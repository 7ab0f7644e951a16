"""Proto <-> domain mapping of the Devices gRPC service: devices, upload grants, transfers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from custody_contracts.grpc import devices_pb2
from custody_platform.errors import InvalidArgument
from custody_platform.grpc.fields import (
    optional_uuid,
    parse_uuid,
    read_optional,
    read_time,
    timestamp,
)

from device_gateway.adapters.orm import Command, Device, Upload, UploadGrant, utcnow
from device_gateway.domain.grants import GrantLimits
from device_gateway.domain.model import ONLINE_WINDOW, is_online
from device_gateway.service_layer.background import BackgroundView, NewBackgroundRequest
from device_gateway.service_layer.devices import NewDevice
from device_gateway.service_layer.exports import ExportView
from device_gateway.service_layer.grants import NewGrant
from device_gateway.service_layer.transfers import Transfer


def new_device(request: devices_pb2.CreateDeviceRequest) -> NewDevice:
    background = read_optional(request, "background_recording")
    return NewDevice(request.name, request.kind, request.channels, background, request.vms_base_url)


def device_proto(device: Device, online_window: timedelta = ONLINE_WINDOW) -> devices_pb2.Device:
    status = device.status or {}
    return devices_pb2.Device(
        id=str(device.id),
        org_id=str(device.org_id),
        name=device.name,
        kind=device.kind,
        channels=device.channels,
        background_recording=device.background_recording,
        online=is_online(device.last_seen_at, utcnow(), online_window) and not device.revoked,
        revoked=device.revoked,
        storage_free_bytes=status.get("storage_free_bytes"),
        battery_percent=status.get("battery_percent"),
        recording=status.get("recording"),
        storage_total_bytes=status.get("storage_total_bytes"),
        background_recording_applied=status.get("background_recording"),
        vms_base_url=device.vms_base_url or "",
        last_seen_at=timestamp(device.last_seen_at),
    )


def new_grant(request: devices_pb2.CreateUploadGrantRequest) -> NewGrant:
    expires_at = read_time(request, "expires_at")
    if expires_at is None:
        raise InvalidArgument("expires_at is required")
    limits = GrantLimits(
        request.max_files,
        request.max_bytes_per_file,
        request.max_total_bytes,
        tuple(request.allowed_media_types),
    )
    return NewGrant(
        case_id=parse_uuid(request.case_id, "case_id"),
        source=request.source,
        expires_at=expires_at,
        limits=limits,
        file_request_id=optional_uuid(request.file_request_id, "file_request_id"),
    )


def grant_proto(grant: UploadGrant) -> devices_pb2.UploadGrant:
    return devices_pb2.UploadGrant(
        id=str(grant.id),
        org_id=str(grant.org_id),
        case_id=str(grant.case_id),
        source=grant.source,
        expires_at=timestamp(grant.expires_at),
        max_files=grant.max_files,
        max_bytes_per_file=grant.max_bytes_per_file,
        max_total_bytes=grant.max_total_bytes,
        allowed_media_types=list(grant.allowed_media_types),
        file_request_id=str(grant.file_request_id or ""),
        revoked=grant.revoked,
        files_uploaded=grant.files_uploaded,
        bytes_uploaded=grant.bytes_uploaded,
    )


def transfer_proto(transfer: Transfer) -> devices_pb2.Transfer:
    return command_proto(transfer.command, transfer.files)


def command_proto(command: Command, files: Sequence[Upload]) -> devices_pb2.Transfer:
    return devices_pb2.Transfer(
        command_id=str(command.id),
        export_id=str(command.export_id or ""),
        request_id=str(command.request_id or ""),
        channel=command.channel,
        start=timestamp(command.start),
        end=timestamp(command.end),
        status=command.status,
        attempts=command.attempts,
        files=[_transfer_file(u) for u in files],
        no_video_reason=command.outcome_reason or "",
        no_video_detail=command.outcome_detail or "",
    )


def new_background_request(
    request: devices_pb2.RequestBackgroundVideoRequest,
) -> NewBackgroundRequest:
    start, end = read_time(request, "start"), read_time(request, "end")
    if start is None or end is None:
        raise InvalidArgument("start and end are required")
    return NewBackgroundRequest(
        device_id=parse_uuid(request.device_id, "device_id"),
        start=start,
        end=end,
        channels=list(request.channels),
        case_id=parse_uuid(request.case_id, "case_id"),
        case_named=request.case_named,
    )


def background_proto(view: BackgroundView) -> devices_pb2.BackgroundRequest:
    request = view.request
    return devices_pb2.BackgroundRequest(
        id=str(request.id),
        device_id=str(request.device_id),
        requested_by=str(request.requested_by),
        case_id=str(request.case_id),
        case_named=request.case_named,
        start=timestamp(request.start),
        end=timestamp(request.end),
        channels=list(request.channels),
        status=request.status,
        reason=request.reason or "",
        created_at=timestamp(request.created_at),
        finished_at=timestamp(request.finished_at),
        transfers=[command_proto(c, _files_of(c.id, view.files)) for c in view.commands],
    )


def _files_of(command_id: uuid.UUID, files: Sequence[Upload]) -> list[Upload]:
    return [u for u in files if u.command_id == command_id]


def _transfer_file(upload: Upload) -> devices_pb2.TransferFile:
    return devices_pb2.TransferFile(
        upload_id=str(upload.id),
        filename=upload.filename,
        bytes_done=upload.offset,
        bytes_total=upload.length,
        status=upload.status,
    )


def export_proto(view: ExportView) -> devices_pb2.ExportRecord:
    """One export of the caller's organization's cameras (decision 0036)."""
    command = view.command
    return devices_pb2.ExportRecord(
        export_id=str(command.export_id or ""),
        request_id=str(command.request_id or ""),
        line_item_id=str(command.line_item_id or ""),
        camera_id=str(command.camera_id or ""),
        camera_name=view.camera_name,
        device_id=str(command.device_id),
        channel=command.channel,
        start=timestamp(command.start),
        end=timestamp(command.end),
        requester_org_id=str(command.requester_org_id or ""),
        status=command.status,
        created_at=timestamp(command.created_at),
        finished_at=timestamp(command.finished_at),
        files=[_exported_file(upload) for upload in view.files],
    )


def _exported_file(upload: Upload) -> devices_pb2.ExportedFile:
    return devices_pb2.ExportedFile(
        upload_id=str(upload.id),
        filename=upload.filename,
        size=upload.length,
        sha256=upload.sha256_declared or "",
        completed_at=timestamp(upload.completed_at),
    )

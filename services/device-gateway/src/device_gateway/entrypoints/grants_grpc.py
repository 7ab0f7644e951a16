"""Proto mapping of upload grants and transfers for the Devices gRPC service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_contracts.grpc import devices_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp

from device_gateway.adapters.orm import UploadGrant
from device_gateway.domain.grants import GrantLimits
from device_gateway.service_layer.grants import NewGrant
from device_gateway.service_layer.transfers import Transfer


def new_grant(request: devices_pb2.CreateUploadGrantRequest) -> NewGrant:
    if not request.HasField("expires_at"):
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
        expires_at=request.expires_at.ToDatetime(tzinfo=UTC),
        limits=limits,
        file_request_id=(
            parse_uuid(request.file_request_id, "file_request_id")
            if request.file_request_id
            else None
        ),
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


def timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def parse_uuid(value: str, name: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{name} must be a UUID") from None


def transfer_proto(transfer: Transfer) -> devices_pb2.Transfer:
    command = transfer.command
    files = [
        devices_pb2.TransferFile(
            upload_id=str(u.id),
            filename=u.filename,
            bytes_done=u.offset,
            bytes_total=u.length,
            status=u.status,
        )
        for u in transfer.files
    ]
    return devices_pb2.Transfer(
        command_id=str(command.id),
        export_id=str(command.export_id),
        request_id=str(command.request_id),
        channel=command.channel,
        start=timestamp(command.start),
        end=timestamp(command.end),
        status=command.status,
        attempts=command.attempts,
        files=files,
        no_video_reason=command.outcome_reason or "",
    )

"""The queries of the service layer. Every device-facing lookup filters by the device, so one
device can never reach another's commands or uploads."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from custody_platform.errors import Conflict
from sqlalchemy import and_, func, or_
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from device_gateway.adapters.orm import BackgroundRequest, Command, Device, Upload, UploadGrant
from device_gateway.domain.model import OPEN_COMMANDS, CommandStatus, UploadStatus

LOCK_NOT_AVAILABLE = "55P03"


async def device(
    session: AsyncSession, device_id: uuid.UUID, *, lock: bool = False
) -> Device | None:
    query = select(Device).where(Device.id == device_id)
    return (await session.exec(query.with_for_update() if lock else query)).first()


async def device_by_enrollment(session: AsyncSession, code_hash: str) -> Device | None:
    query = select(Device).where(Device.enrollment_code_hash == code_hash).with_for_update()
    return (await session.exec(query)).first()


async def export_queued(session: AsyncSession, export_id: uuid.UUID) -> bool:
    query = select(Command.id).where(Command.export_id == export_id)
    return (await session.exec(query)).first() is not None


async def device_command(
    session: AsyncSession, command_id: uuid.UUID, device_id: uuid.UUID
) -> Command | None:
    """One of this device's commands, locked: deciders on one command are serialized."""
    query = select(Command).where(Command.id == command_id, Command.device_id == device_id)
    return (await session.exec(query.with_for_update())).first()


async def due_commands(
    session: AsyncSession, device_id: uuid.UUID, now: datetime, redeliver_before: datetime
) -> Sequence[Command]:
    """Queued commands, and delivered ones never acknowledged in time, oldest first."""
    unacknowledged = and_(
        col(Command.status) == CommandStatus.DELIVERED, col(Command.delivered_at) < redeliver_before
    )
    query = (
        select(Command)
        .where(Command.device_id == device_id, Command.expires_at > now)
        .where(col(Command.vms_camera_ref).is_(None))  # a connector pulls VMS exports
        .where(or_(col(Command.status) == CommandStatus.QUEUED, unacknowledged))
        .order_by(col(Command.created_at))
        .limit(20)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).all()


async def overdue_commands(session: AsyncSession, now: datetime) -> Sequence[Command]:
    query = (
        select(Command)
        .where(col(Command.status).in_(list(OPEN_COMMANDS)), Command.expires_at <= now)
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).all()


async def overdue_uploads(session: AsyncSession, now: datetime) -> Sequence[Upload]:
    query = (
        select(Upload)
        .where(Upload.status == UploadStatus.OPEN, Upload.expires_at <= now)
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).all()


async def grant(
    session: AsyncSession, grant_id: uuid.UUID, *, lock: bool = False
) -> UploadGrant | None:
    query = select(UploadGrant).where(UploadGrant.id == grant_id)
    return (await session.exec(query.with_for_update() if lock else query)).first()


async def grant_by_token(session: AsyncSession, token_hash: str) -> UploadGrant | None:
    query = select(UploadGrant).where(UploadGrant.token_hash == token_hash)
    return (await session.exec(query)).first()


async def grant_usage(session: AsyncSession, grant_id: uuid.UUID) -> tuple[int, int]:
    """Files and bytes taken by the grant's open and completed uploads."""
    live = [UploadStatus.OPEN, UploadStatus.COMPLETED]
    query = select(func.count(), func.coalesce(func.sum(Upload.length), 0)).where(
        Upload.grant_id == grant_id, col(Upload.status).in_(live)
    )
    files, total = (await session.exec(query)).one()
    return int(files), int(total)


async def device_open_uploads(session: AsyncSession, device_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        Upload.device_id == device_id, Upload.status == UploadStatus.OPEN
    )
    return int((await session.exec(query)).one())


async def staged_bytes(session: AsyncSession) -> int:
    """Bytes reserved by every open upload: their declared lengths."""
    query = select(func.coalesce(func.sum(Upload.length), 0)).where(
        Upload.status == UploadStatus.OPEN
    )
    return int((await session.exec(query)).one())


async def device_upload(
    session: AsyncSession, upload_id: uuid.UUID, device_id: uuid.UUID, *, lock: bool = True
) -> Upload | None:
    """The upload if this device owns it (see `_owned`)."""
    query = select(Upload).where(Upload.id == upload_id, Upload.device_id == device_id)
    return await _owned(session, query, lock)


async def grant_upload(
    session: AsyncSession, upload_id: uuid.UUID, grant_id: uuid.UUID, *, lock: bool = True
) -> Upload | None:
    """The upload if it was made under this grant (see `_owned`)."""
    query = select(Upload).where(Upload.id == upload_id, Upload.grant_id == grant_id)
    return await _owned(session, query, lock)


async def _owned(session: AsyncSession, query: SelectOfScalar[Upload], lock: bool) -> Upload | None:
    """Locked without waiting, so a second concurrent PATCH gets a 409."""
    if not lock:
        return (await session.exec(query)).first()
    try:
        return (await session.exec(query.with_for_update(nowait=True))).first()
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise Conflict("another request is writing to this upload") from None
        raise


async def device_commands(
    session: AsyncSession, device_id: uuid.UUID, statuses: frozenset[str] | None
) -> Sequence[Command]:
    """The device's export commands (background-video ones are listed per request)."""
    query = select(Command).where(Command.device_id == device_id, Command.kind == "export")
    if statuses is not None:
        query = query.where(col(Command.status).in_(list(statuses)))
    return (await session.exec(query.order_by(col(Command.created_at).desc()).limit(200))).all()


async def command_uploads(session: AsyncSession, command_ids: list[uuid.UUID]) -> Sequence[Upload]:
    query = select(Upload).where(col(Upload.command_id).in_(command_ids))
    return (await session.exec(query.order_by(col(Upload.created_at)))).all()


async def next_vms_command(
    session: AsyncSession, now: datetime, retry_before: datetime
) -> Command | None:
    """One VMS export to pull: queued, or delivered and not finished in time (a retry)."""
    stale = and_(
        col(Command.status) == CommandStatus.DELIVERED, col(Command.delivered_at) < retry_before
    )
    query = (
        select(Command)
        .where(col(Command.vms_camera_ref).is_not(None), Command.expires_at > now)
        .where(or_(col(Command.status) == CommandStatus.QUEUED, stale))
        .order_by(col(Command.created_at))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(query)).first()


async def org_devices(session: AsyncSession, org_id: uuid.UUID) -> Sequence[Device]:
    query = select(Device).where(Device.org_id == org_id, col(Device.revoked).is_(False))
    return (await session.exec(query.order_by(col(Device.name), col(Device.id)).limit(1000))).all()


async def background_request(
    session: AsyncSession, request_id: uuid.UUID, *, lock: bool = False
) -> BackgroundRequest | None:
    query = select(BackgroundRequest).where(BackgroundRequest.id == request_id)
    return (await session.exec(query.with_for_update() if lock else query)).first()


async def background_requests(
    session: AsyncSession, device_id: uuid.UUID
) -> Sequence[BackgroundRequest]:
    query = select(BackgroundRequest).where(BackgroundRequest.device_id == device_id)
    order = col(BackgroundRequest.created_at).desc()
    return (await session.exec(query.order_by(order).limit(100))).all()


async def pending_background_counts(
    session: AsyncSession, org_id: uuid.UUID
) -> dict[uuid.UUID, int]:
    """Each device's background-video requests still pending, for the org's device list."""
    device = col(BackgroundRequest.device_id)
    query = (
        select(device, func.count())
        .where(BackgroundRequest.org_id == org_id, BackgroundRequest.status == "pending")
        .group_by(device)
    )
    return {device_id: count for device_id, count in (await session.exec(query)).all()}


async def request_commands(
    session: AsyncSession, request_ids: Sequence[uuid.UUID]
) -> Sequence[Command]:
    query = select(Command).where(col(Command.background_request_id).in_(list(request_ids)))
    return (await session.exec(query.order_by(col(Command.channel)))).all()

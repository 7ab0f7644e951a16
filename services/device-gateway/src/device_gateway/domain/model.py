"""Devices, export commands and upload sessions: the rules, with no I/O."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from custody_platform.errors import Conflict, InvalidArgument

ONLINE_WINDOW = timedelta(minutes=2)  # default of the DEVICE_ONLINE_SECONDS setting
SEEN_EVENT_INTERVAL = timedelta(seconds=60)  # at most one DeviceSeen per device per minute
MAX_CHANNELS = 64


@dataclass(frozen=True)
class DeviceIdentity:
    """Who a device token speaks for."""

    device_id: uuid.UUID
    org_id: uuid.UUID
    source_address: str | None = None


class DeviceKind(StrEnum):
    BODY_WORN = "body_worn"
    IN_CAR = "in_car"
    VMS = "vms"


class CommandStatus(StrEnum):
    QUEUED = "queued"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    NO_VIDEO = "no_video"
    EXPIRED = "expired"
    FAILED = "failed"


class NoVideoReason(StrEnum):
    BACKGROUND_RECORDING_DISABLED = "background_recording_disabled"
    OVERWRITTEN = "overwritten"
    STORAGE_CLEARED = "storage_cleared"
    OTHER = "other"


class UploadStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    FAILED = "failed"
    TERMINATED = "terminated"
    EXPIRED = "expired"


_S = CommandStatus
_ENDINGS = {_S.COMPLETED, _S.NO_VIDEO, _S.EXPIRED, _S.FAILED}
# Explicit transition table; "delivered -> delivered" is a redelivery after a missed ack.
COMMAND_TRANSITIONS: dict[CommandStatus, frozenset[CommandStatus]] = {
    _S.QUEUED: frozenset({_S.DELIVERED, _S.ACKNOWLEDGED, *_ENDINGS}),
    _S.DELIVERED: frozenset({_S.DELIVERED, _S.ACKNOWLEDGED, *_ENDINGS}),
    _S.ACKNOWLEDGED: frozenset(_ENDINGS),
    **{end: frozenset() for end in _ENDINGS},
}
OPEN_COMMANDS = frozenset({_S.QUEUED, _S.DELIVERED, _S.ACKNOWLEDGED})


def command_transition(current: str, target: CommandStatus) -> CommandStatus:
    """The new status, or Conflict carrying the current one."""
    if target not in COMMAND_TRANSITIONS[CommandStatus(current)]:
        raise Conflict(f"command is {current}, cannot become {target}", current_state=current)
    return target


def default_background_recording(kind: DeviceKind) -> bool:
    """In-car DVRs record in the background by default; body-worn cameras do not."""
    return kind is DeviceKind.IN_CAR


def validate_new_device(name: str, kind: str, channels: int) -> DeviceKind:
    if not name.strip() or len(name) > 200:
        raise InvalidArgument("name must be 1 to 200 characters")
    if kind not in {k.value for k in DeviceKind}:
        raise InvalidArgument(f"kind must be one of {', '.join(DeviceKind)}")
    if not 1 <= channels <= MAX_CHANNELS:
        raise InvalidArgument(f"channels must be between 1 and {MAX_CHANNELS}")
    return DeviceKind(kind)


def is_online(
    last_seen_at: datetime | None, now: datetime, window: timedelta = ONLINE_WINDOW
) -> bool:
    return last_seen_at is not None and now - last_seen_at <= window


def seen_event_due(last_reported_at: datetime | None, now: datetime) -> bool:
    return last_reported_at is None or now - last_reported_at >= SEEN_EVENT_INTERVAL


def secret_hash(secret: str) -> str:
    """Enrollment codes and device secrets are 256-bit random tokens: a plain sha256 suffices
    (no password stretching needed) and lets enrollment look the code up by its hash."""
    return hashlib.sha256(secret.encode()).hexdigest()

"""Upload grants: who may upload what into one case, and the limits that bound it. No I/O."""

from __future__ import annotations

import fnmatch
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from custody_platform.errors import InvalidArgument, PermissionDenied

from .errors import UploadTooLarge

MAX_MEDIA_TYPES = 20
TOKEN_PREFIX = "ug_"  # tells a grant token from a device JWT at a glance


class GrantSource(StrEnum):
    DIRECT = "direct"
    PUBLIC = "public"
    VMS = "vms"
    WATCH_FOLDER = "watch_folder"
    MOBILE = "mobile"
    BROWSER = "browser"  # the web app's upload page


@dataclass(frozen=True)
class GrantLimits:
    """0 for max_files means unlimited; byte limits of 0 fall back to the service limit."""

    max_files: int
    max_bytes_per_file: int
    max_total_bytes: int
    allowed_media_types: tuple[str, ...]


@dataclass(frozen=True)
class GrantUsage:
    """Files and bytes already taken by the grant's uploads (open ones included)."""

    files: int
    bytes: int


def validate_limits(limits: GrantLimits, service_max: int) -> GrantLimits:
    """Limits with byte defaults filled in; negative or over-the-service values refused."""
    if limits.max_files < 0 or limits.max_bytes_per_file < 0 or limits.max_total_bytes < 0:
        raise InvalidArgument("grant limits cannot be negative")
    if limits.max_bytes_per_file > service_max:
        raise InvalidArgument(f"max_bytes_per_file cannot exceed {service_max}")
    if len(limits.allowed_media_types) > MAX_MEDIA_TYPES:
        raise InvalidArgument(f"at most {MAX_MEDIA_TYPES} media types")
    for pattern in limits.allowed_media_types:
        validate_media_pattern(pattern)
    per_file = limits.max_bytes_per_file or service_max
    total = limits.max_total_bytes or max(per_file, service_max)
    media = tuple(p.strip().lower() for p in limits.allowed_media_types)
    return GrantLimits(limits.max_files, per_file, total, media)


def validate_media_pattern(pattern: str) -> None:
    kind, slash, sub = pattern.strip().lower().partition("/")
    if not slash or not kind.isascii() or not kind.replace("-", "").isalpha() or not sub:
        raise InvalidArgument(f"media type must look like 'video/*' or 'image/jpeg': {pattern!r}")
    if "*" in kind or ("*" in sub and sub != "*"):
        raise InvalidArgument(f"only a whole subtype may be '*': {pattern!r}")


def validate_expiry(expires_at: datetime, now: datetime) -> None:
    if expires_at <= now:
        raise InvalidArgument("expires_at must be in the future")


def media_allowed(media_type: str, allowed: tuple[str, ...]) -> bool:
    """Empty list: any type (executables are refused separately, always)."""
    if not allowed:
        return True
    media = media_type.strip().lower().split(";")[0]
    return any(fnmatch.fnmatchcase(media, pattern) for pattern in allowed)


def check_new_file(limits: GrantLimits, usage: GrantUsage, length: int, media_type: str) -> None:
    """Refuses an upload before any byte is staged: file count, sizes, declared type."""
    if limits.max_files and usage.files >= limits.max_files:
        raise PermissionDenied(f"the grant allows {limits.max_files} files")
    if length > limits.max_bytes_per_file:
        raise UploadTooLarge(f"the grant allows {limits.max_bytes_per_file} bytes per file")
    if usage.bytes + length > limits.max_total_bytes:
        raise UploadTooLarge(f"the grant allows {limits.max_total_bytes} bytes in all")
    if not media_allowed(media_type, limits.allowed_media_types):
        raise PermissionDenied(f"{media_type} is not allowed by this grant")


@dataclass(frozen=True)
class GrantHolder:
    """Who a grant token speaks for: the grant and its case, checked on every request."""

    grant_id: uuid.UUID
    org_id: uuid.UUID
    case_id: uuid.UUID
    source: GrantSource
    source_address: str | None = None

"""tus protocol errors: each is the platform error it means, answered with the problem type,
status code and headers the tus 1.0 spec assigns (declared once, by `tus_status`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from custody_platform.errors import DomainError, InvalidArgument, NotFound

TUS_VERSION = "1.0.0"
E = TypeVar("E", bound=type[DomainError])


def tus_status(
    code: str, status: int, title: str, headers: Mapping[str, str] | None = None
) -> Callable[[E], E]:
    """Gives an error the problem type, status, title and extra response headers that
    `custody_platform.problems` reads from every error."""

    def declare(error: E) -> E:
        error.code, error.http_status, error.title = code, status, title
        setattr(error, "headers", dict(headers or {}))  # noqa: B010 (DomainError declares none)
        return error

    return declare


@tus_status("tus_version_unsupported", 412, "Unsupported tus version", {"Tus-Version": TUS_VERSION})
class UnsupportedVersion(InvalidArgument):
    pass


@tus_status("unsupported_media_type", 415, "Content-Type must be application/offset+octet-stream")
class UnsupportedMediaType(InvalidArgument):
    pass


@tus_status("upload_too_large", 413, "Upload larger than its declared or allowed length")
class UploadTooLarge(InvalidArgument):
    pass


@tus_status("upload_gone", 410, "Upload expired, terminated or failed")
class UploadGone(NotFound):
    pass


@tus_status("metadata_too_large", 400, "Upload-Metadata too large")
class MetadataTooLarge(InvalidArgument):
    """More Upload-Metadata than any upload needs (`tus.MAX_METADATA_BYTES`)."""


@tus_status("checksum_mismatch", 460, "Checksum mismatch")
class ChecksumMismatch(InvalidArgument):
    pass


@tus_status("body_cut_short", 400, "Request body cut short")
class BodyCutShort(InvalidArgument):
    """The client hung up before the end of the body. Without a chunk checksum the bytes
    that arrived are kept (tus: the server should store what it received)."""


@tus_status("content_refused", 415, "File content not accepted")
class ContentRefused(InvalidArgument):
    """The finished file's bytes are a type the upload may not carry (sniffed, not declared)."""


@tus_status("rate_limited", 429, "Too many uploads from this address", {"Retry-After": "60"})
class TooManyUploads(DomainError):
    """The platform has no error for a rate limit: the base error, with tus's 429 and the
    seconds until the limit's window ends."""

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}

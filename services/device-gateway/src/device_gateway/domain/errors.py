"""tus protocol errors, as DomainErrors with the status codes the tus 1.0 spec assigns."""

from __future__ import annotations

from typing import ClassVar

from custody_platform.errors import DomainError

TUS_VERSION = "1.0.0"


class TusError(DomainError):
    """Extra response headers travel with the error (e.g. Tus-Version on 412)."""

    headers: ClassVar[dict[str, str]] = {}


class UnsupportedVersion(TusError):
    code = "tus_version_unsupported"
    http_status = 412
    title = "Unsupported tus version"
    headers = {"Tus-Version": TUS_VERSION}


class UnsupportedMediaType(TusError):
    code = "unsupported_media_type"
    http_status = 415
    title = "Content-Type must be application/offset+octet-stream"


class UploadTooLarge(TusError):
    code = "upload_too_large"
    http_status = 413
    title = "Upload larger than its declared or allowed length"


class UploadGone(TusError):
    code = "upload_gone"
    http_status = 410
    title = "Upload expired, terminated or failed"


class ChecksumMismatch(TusError):
    code = "checksum_mismatch"
    http_status = 460
    title = "Checksum mismatch"


class BodyCutShort(TusError):
    """The client hung up before the end of the body. Without a chunk checksum the bytes
    that arrived are kept (tus: the server should store what it received)."""

    code = "body_cut_short"
    http_status = 400
    title = "Request body cut short"


class ContentRefused(TusError):
    """The finished file's bytes are a type the upload may not carry (sniffed, not declared)."""

    code = "content_refused"
    http_status = 415
    title = "File content not accepted"


class TooManyUploads(TusError):
    code = "rate_limited"
    http_status = 429
    title = "Too many uploads from this address"
    headers = {"Retry-After": "60"}

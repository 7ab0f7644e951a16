"""Evidence object store: content-addressed, immutable, verified on every read.

S3 (MinIO or any S3) when an endpoint is configured, else a filesystem store; one interface.
"""

from __future__ import annotations

from pathlib import Path

from .base import (
    IntegrityError,
    ObjectExists,
    ObjectInfo,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreError,
    content_address,
    normalize_sha256,
    validate_key,
)
from .filesystem import FilesystemObjectStore
from .s3 import S3ObjectStore

__all__ = [
    "FilesystemObjectStore",
    "IntegrityError",
    "ObjectExists",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectStoreError",
    "S3ObjectStore",
    "content_address",
    "normalize_sha256",
    "object_store_from_settings",
    "validate_key",
]


def object_store_from_settings(
    *,
    s3_endpoint: str | None,
    s3_access_key: str | None,
    s3_secret_key: str | None,
    s3_bucket: str,
    s3_secure: bool,
    path: Path,
) -> ObjectStore:
    """S3 when an endpoint is set (production), else the filesystem store under path."""
    if s3_endpoint:
        return S3ObjectStore(s3_endpoint, s3_access_key, s3_secret_key, s3_bucket, s3_secure)
    return FilesystemObjectStore(path)

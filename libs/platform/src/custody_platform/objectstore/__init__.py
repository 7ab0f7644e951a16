"""Evidence object store: content-addressed, immutable, verified on every read.

S3 (MinIO or any S3) when an endpoint is configured, else a filesystem store; one interface.
"""

from __future__ import annotations

from custody_platform.settings import ServiceSettings

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
from .locks import LOCK_MODES, LockMode, ObjectLock, ObjectLocked
from .s3 import S3ObjectStore

__all__ = [
    "LOCK_MODES",
    "FilesystemObjectStore",
    "IntegrityError",
    "LockMode",
    "ObjectExists",
    "ObjectInfo",
    "ObjectLock",
    "ObjectLocked",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectStoreError",
    "S3ObjectStore",
    "content_address",
    "normalize_sha256",
    "object_store_from_settings",
    "validate_key",
]


def object_store_from_settings(settings: ServiceSettings) -> ObjectStore:
    """S3 when an endpoint is set (production), else the filesystem store under its path."""
    if settings.s3_endpoint:
        return S3ObjectStore(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key.get_secret_value(),
            settings.s3_bucket,
            settings.s3_secure,
        )
    return FilesystemObjectStore(settings.object_store_path)

"""The object store the services use, built the way they build it: S3 when S3_ENDPOINT is
set (with S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET, S3_SECURE), else the filesystem store."""

from __future__ import annotations

from pathlib import Path

from custody_platform.objectstore import ObjectStore, object_store_from_settings
from custody_platform.settings import ServiceSettings

from custody_admin.target import Target


def object_store(target: Target) -> ObjectStore:
    return filesystem_or_s3(Path(target.object_store_path) if target.object_store_path else None)


def filesystem_or_s3(path: Path | None) -> ObjectStore:
    # ServiceSettings reads S3_* (and their _FILE secrets) from the environment.
    settings = ServiceSettings(service_name="custody-admin")
    if path is not None and not settings.s3_endpoint:
        settings = settings.model_copy(update={"object_store_path": path})
    return object_store_from_settings(settings)

"""What redaction keeps in the object store: track thumbnails, rendered copies, manifests.
Blocking calls; the service layer runs them in worker threads."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from custody_platform.objectstore import ObjectInfo, ObjectStore

PREFIX = "redaction"


def thumbnail_key(job_id: uuid.UUID, track_id: int) -> str:
    return f"{PREFIX}/{job_id}/tracks/{track_id}.jpg"


def output_key(job_id: uuid.UUID, suffix: str) -> str:
    return f"{PREFIX}/{job_id}/output{suffix}"


def manifest_key(job_id: uuid.UUID) -> str:
    return f"{PREFIX}/{job_id}/manifest.json"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_bytes(store: ObjectStore, key: str, data: bytes) -> ObjectInfo:
    """Overwrites: a step rerun after a crash writes the same names again."""
    return store.put(key, data, expected_sha256=sha256_of(data), overwrite=True)


def put_file(store: ObjectStore, key: str, path: Path, sha256: str) -> ObjectInfo:
    with path.open("rb") as file:
        return store.put(key, file, expected_sha256=sha256, overwrite=True)


def delete_all(store: ObjectStore, keys: list[str]) -> None:
    for key in keys:
        store.delete(key)

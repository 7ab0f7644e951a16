"""S3 object store (MinIO or any S3) using the minio client.

The sha256 travels as user metadata (x-amz-meta-sha256), which S3 takes in the request
headers, before the body. So:
- with expected_sha256, the object is streamed straight to its key under that hash, and the
  reader raises at end of stream on a mismatch; minio then aborts the multipart upload (or
  never sends the single PUT), so nothing becomes visible and an overwritten object survives.
  S3 itself cannot check a streamed sha256 against the whole object cheaply (its checksums of
  multipart uploads are checksums of part checksums), hence the client-side check.
- without it, the object is streamed to `.tmp/<uuid>`, then copied server-side to its key
  with the computed hash, and the temporary object is removed. A crash may leave `.tmp/`
  objects: production buckets expire that prefix with a lifecycle rule.
ObjectExists is checked before the upload; S3 offers no cheap atomic create-if-absent through
this client, so two racing puts of one key may both succeed (content addressing makes that
harmless; Object Lock in production refuses the second).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, BinaryIO, cast
from urllib.parse import urlsplit

from minio import Minio
from minio.commonconfig import COMPLIANCE, GOVERNANCE, ComposeSource
from minio.error import S3Error
from minio.retention import Retention
from urllib3 import BaseHTTPResponse

from ._streams import ChunkReader, Data, Hashing, RawChunks, iter_chunks
from .base import ObjectInfo, ObjectStore, normalize_sha256, validate_key
from .errors import IntegrityError, ObjectExists, ObjectNotFound
from .locks import LockMode, ObjectLock, ObjectLocked, refuse_if_locked

PART_SIZE = 10 * 1024 * 1024
_SHA_HEADER = "x-amz-meta-sha256"
_NOT_FOUND = {"NoSuchKey", "NoSuchObject", "ResourceNotFound"}


class S3ObjectStore(ObjectStore):
    def __init__(
        self,
        endpoint: str,
        access_key: str | None,
        secret_key: str | None,
        bucket: str,
        secure: bool,
        region: str = "us-east-1",
        *,
        object_lock: bool = False,
    ) -> None:
        if "://" in endpoint:  # accept URLs too; the scheme decides TLS
            url = urlsplit(endpoint)
            endpoint, secure = url.netloc, url.scheme == "https"
        self.bucket = bucket
        self.client = Minio(endpoint, access_key, secret_key, secure=secure, region=region)
        self._object_lock = object_lock  # a new bucket is created with Object Lock enabled
        self._ensure_bucket(region)

    def put(
        self,
        key: str,
        data: Data,
        *,
        expected_sha256: str | None = None,
        overwrite: bool = False,
    ) -> ObjectInfo:
        validate_key(key)
        expected = normalize_sha256(expected_sha256) if expected_sha256 is not None else None
        if not overwrite and self.exists(key):
            raise ObjectExists(key)
        if overwrite and self.exists(key):  # S3 would keep the locked version and add another
            refuse_if_locked(key, self.lock_state(key))
        if expected is not None:
            return self._upload(key, data, expected)
        return self._upload_staged(key, data)

    def stat(self, key: str) -> ObjectInfo:
        validate_key(key)
        try:
            stat = self.client.stat_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in _NOT_FOUND:
                raise ObjectNotFound(key) from exc
            raise
        sha256 = _stored_sha(key, stat.metadata)
        return ObjectInfo(key=key, size=int(stat.size or 0), sha256=sha256)

    def iter_keys(self) -> Iterator[str]:
        for found in self.client.list_objects(self.bucket, recursive=True):
            if found.object_name is not None:
                yield found.object_name

    def delete(self, key: str) -> None:
        validate_key(key)
        if not self.exists(key):
            return  # S3 deletes are idempotent already
        refuse_if_locked(key, self.lock_state(key))
        # Every version, so the bytes are really gone (a plain delete only adds a marker);
        # S3 itself refuses to remove a version under lock.
        versions = self.client.list_objects(self.bucket, prefix=key, include_version=True)
        for version in [v for v in versions if v.object_name == key]:
            try:
                self.client.remove_object(self.bucket, key, version_id=version.version_id)
            except S3Error as exc:
                if exc.code == "AccessDenied":
                    raise ObjectLocked(f"{key}: {exc.message}") from exc
                raise

    def lock_state(self, key: str) -> ObjectLock:
        """From the HEAD response's object lock headers (one round trip, any S3)."""
        validate_key(key)
        try:
            headers = self.client.stat_object(self.bucket, key).metadata or {}
        except S3Error as exc:
            if exc.code in _NOT_FOUND:
                raise ObjectNotFound(key) from exc
            raise
        hold = str(headers.get("x-amz-object-lock-legal-hold", "")).upper() == "ON"
        until = headers.get("x-amz-object-lock-retain-until-date")
        if not until:
            return ObjectLock(legal_hold=hold)
        mode = str(headers.get("x-amz-object-lock-mode", "")).lower()
        retain_until = datetime.fromisoformat(str(until).replace("Z", "+00:00"))
        return ObjectLock(
            retain_until, "compliance" if mode == "compliance" else "governance", hold
        )

    def set_retention(self, key: str, until: datetime, mode: LockMode) -> ObjectLock:
        lock = self.lock_state(key).extended(until, mode)
        s3_mode = COMPLIANCE if mode == "compliance" else GOVERNANCE
        self.client.set_object_retention(self.bucket, key, Retention(s3_mode, until))
        return lock

    def set_legal_hold(self, key: str, on: bool) -> ObjectLock:
        lock = self.lock_state(key).with_hold(on)
        if on:
            self.client.enable_object_legal_hold(self.bucket, key)
        else:
            self.client.disable_object_legal_hold(self.bucket, key)
        return lock

    def open_range(
        self, key: str, offset: int, length: int, *, chunk_size: int = 1 << 20
    ) -> RawChunks:
        validate_key(key)
        if length <= 0:
            return _stream_nothing()
        try:
            response = self.client.get_object(self.bucket, key, offset=offset, length=length)
        except S3Error as exc:
            if exc.code in _NOT_FOUND:
                raise ObjectNotFound(key) from exc
            raise
        return _stream(response, chunk_size)

    def _open_raw(self, key: str, chunk_size: int) -> tuple[ObjectInfo, RawChunks]:
        # Size and hash come from the GET response itself: one consistent version.
        try:
            response = self.client.get_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in _NOT_FOUND:
                raise ObjectNotFound(key) from exc
            raise
        try:
            sha256 = _stored_sha(key, response.headers)
        except IntegrityError:
            response.close()
            response.release_conn()
            raise
        size = int(response.headers.get("content-length", "0"))
        return ObjectInfo(key=key, size=size, sha256=sha256), _stream(response, chunk_size)

    def _upload_staged(self, key: str, data: Data) -> ObjectInfo:
        """Upload under a temporary key, then copy server-side to key with the computed hash
        (compose_object copies objects of any size, beyond CopyObject's 5 GiB)."""
        tmp = f".tmp/{uuid.uuid4().hex}"
        try:
            staged = self._upload(tmp, data, None)
            source = ComposeSource(self.bucket, tmp)
            metadata: dict[str, str | list[str] | tuple[str]] = {"sha256": staged.sha256}
            self.client.compose_object(self.bucket, key, [source], metadata=metadata)
        finally:
            self.client.remove_object(self.bucket, tmp)
        return ObjectInfo(key=key, size=staged.size, sha256=staged.sha256)

    def _upload(self, key: str, data: Data, expected: str | None) -> ObjectInfo:
        hashing = Hashing(iter_chunks(data))
        reader = ChunkReader(iter(hashing), at_eof=lambda: hashing.check(key, expected))
        self.client.put_object(
            self.bucket,
            key,
            cast(BinaryIO, reader),
            length=-1,
            part_size=PART_SIZE,
            metadata={"sha256": expected} if expected else None,
            # One part in flight: bounded memory, and no worker left uploading after an abort.
            num_parallel_uploads=1,
        )
        return ObjectInfo(key=key, size=hashing.size, sha256=hashing.sha256)

    def _ensure_bucket(self, region: str) -> None:
        if self.client.bucket_exists(self.bucket):
            return
        try:
            self.client.make_bucket(self.bucket, location=region, object_lock=self._object_lock)
        except S3Error as exc:  # another process may have won the race
            if exc.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise


def _stream_nothing() -> RawChunks:
    yield from ()


def _stream(response: BaseHTTPResponse, chunk_size: int) -> RawChunks:
    try:
        yield from response.stream(chunk_size)
    finally:
        response.close()
        response.release_conn()


def _stored_sha(key: str, headers: Mapping[str, Any] | None) -> str:
    value = headers.get(_SHA_HEADER) if headers is not None else None
    if not value:  # an object without its hash cannot be verified, so it is never served
        raise IntegrityError(f"{key}: no stored sha256")
    return normalize_sha256(str(value))

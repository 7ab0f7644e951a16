"""The object store interface: immutable objects, hashed while written, verified on every read."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ._streams import DEFAULT_CHUNK, Data, RawChunks, verified_chunks
from .errors import IntegrityError, ObjectExists, ObjectNotFound, ObjectStoreError
from .locks import LockMode, ObjectLock

__all__ = [
    "IntegrityError",
    "ObjectExists",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectStoreError",
    "content_address",
    "normalize_sha256",
    "validate_key",
]

MAX_KEY_BYTES = 1024  # S3's limit, applied everywhere so keys move between backends
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    sha256: str  # lowercase hex


def normalize_sha256(sha256_hex: str) -> str:
    """Lowercase hex digest, or ValueError: a malformed hash must not reach a comparison."""
    digest = sha256_hex.strip().lower()
    if not _SHA256_HEX.fullmatch(digest):
        raise ValueError(f"not a sha256 hex digest: {sha256_hex!r}")
    return digest


def content_address(sha256_hex: str) -> str:
    """The key under which content with this hash lives; two levels of fan-out."""
    h = normalize_sha256(sha256_hex)
    return f"sha256/{h[:2]}/{h[2:4]}/{h}"


def validate_key(key: str) -> str:
    """Returns the key or raises ValueError. Keys become paths in the filesystem store, so
    anything that could escape the root or alias another key is refused. A leading dot is
    reserved for the stores' own bookkeeping (temporary files, metadata)."""
    if not key or key.startswith(("/", ".")) or "\\" in key or "\0" in key:
        raise ValueError(f"invalid object key: {key!r}")
    if any(segment in ("", ".", "..") for segment in key.split("/")):
        raise ValueError(f"invalid object key segment: {key!r}")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise ValueError(f"object key longer than {MAX_KEY_BYTES} bytes")
    return key


class ObjectStore(ABC):
    """Immutable objects addressed by key, each stored with the sha256 of its bytes."""

    @abstractmethod
    def put(
        self,
        key: str,
        data: Data,
        *,
        expected_sha256: str | None = None,
        overwrite: bool = False,
    ) -> ObjectInfo:
        """Streams data in, hashing it on the way. On an expected_sha256 mismatch raises
        IntegrityError and stores nothing; an existing key raises ObjectExists unless
        overwrite is set."""

    @abstractmethod
    def stat(self, key: str) -> ObjectInfo:
        """Size and stored sha256, or ObjectNotFound."""

    @abstractmethod
    def iter_keys(self) -> Iterator[str]:
        """Every object's key, in no promised order (backups walk the whole store)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Removes the object; deleting a missing key is a no-op so cleanups can be retried."""

    @abstractmethod
    def _open_raw(self, key: str, chunk_size: int) -> tuple[ObjectInfo, RawChunks]:
        """The stored info and the unverified chunks of one consistent version of the object.
        Raises ObjectNotFound at call time, not on first iteration."""

    def adopt(
        self, key: str, path: Path, *, sha256: str, size: int, overwrite: bool = False
    ) -> ObjectInfo:
        """Takes over a local file (a staged upload) whose size and sha256 the caller computed
        while writing it, so its bytes move in once. The file is gone afterwards, unless a
        wrong size raises IntegrityError first. This default streams it in through put, which
        checks the hash again; backends that can move the file instead override it (reads
        verify every object anyway)."""
        expected = normalize_sha256(sha256)
        if path.stat().st_size != size:
            raise IntegrityError(f"{path}: {path.stat().st_size} bytes, expected {size}")
        with path.open("rb") as file:
            info = self.put(key, file, expected_sha256=expected, overwrite=overwrite)
        path.unlink()
        return info

    # --- object lock (see locks.py) ---------------------------------------------------------

    @abstractmethod
    def lock_state(self, key: str) -> ObjectLock:
        """The object's retention and legal hold; ObjectNotFound if it does not exist."""

    @abstractmethod
    def set_retention(self, key: str, until: datetime, mode: LockMode) -> ObjectLock:
        """Keeps the object until `until`; extending only, ObjectLocked on shortening."""

    @abstractmethod
    def set_legal_hold(self, key: str, on: bool) -> ObjectLock:
        """Sets or clears the legal hold, which blocks deletion whatever the retention."""

    def open_range(
        self, key: str, offset: int, length: int, *, chunk_size: int = DEFAULT_CHUNK
    ) -> RawChunks:
        """The raw, UNVERIFIED bytes [offset, offset+length) of the object; callers verify
        them (against block hashes) themselves. Backends override this with a seek."""
        validate_key(key)
        _, raw = self._open_raw(key, chunk_size)
        return _slice(raw, offset, length)

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def open(self, key: str, *, chunk_size: int = DEFAULT_CHUNK) -> Iterator[bytes]:
        """Chunks of the object, verified against the stored sha256 while streaming. The
        last chunk comes only after verification; a mismatch raises IntegrityError instead."""
        validate_key(key)
        if chunk_size <= 0:
            raise ValueError("chunk_size must be positive")
        info, raw = self._open_raw(key, chunk_size)
        return verified_chunks(key, raw, size=info.size, sha256=info.sha256)

    def read_bytes(self, key: str) -> bytes:
        """The whole object, verified; for small objects only."""
        return b"".join(self.open(key))

    def copy_verified(self, src_key: str, dst_key: str, *, expected_sha256: str) -> ObjectInfo:
        """Copies src to dst, verifying src on read and dst on write (moves staged uploads into
        content-addressed evidence). Idempotent: an existing dst with this hash is returned."""
        expected = normalize_sha256(expected_sha256)
        src = self.stat(src_key)
        if src.sha256 != expected:  # fail before moving any bytes
            raise IntegrityError(f"{src_key}: stored sha256 {src.sha256} != {expected}")
        try:
            dst = self.stat(dst_key)
        except ObjectNotFound:
            return self.put(dst_key, self.open(src_key), expected_sha256=expected)
        if dst.sha256 != expected:
            raise ObjectExists(f"{dst_key} holds other content ({dst.sha256})")
        return dst  # a retried copy: the content is already in place


def _slice(raw: RawChunks, offset: int, length: int) -> RawChunks:
    position, end = 0, offset + length
    try:
        for chunk in raw:
            start, position = position, position + len(chunk)
            if position > offset and start < end:
                yield chunk[max(0, offset - start) : end - start]
            if position >= end:
                return
    finally:
        raw.close()

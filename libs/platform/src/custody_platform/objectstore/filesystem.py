"""Filesystem object store for the embedded stack.

Layout under root: `<key>` holds the bytes (so operators can sha256sum evidence in place),
`.meta/<key>` the JSON metadata, `.tmp/` files being written, `.lock` the commit lock.
Keys never start with a dot, so they cannot collide with the bookkeeping names.

Rules: write to `.tmp/`, fsync, chmod read-only, rename into place, fsync the directory.
The metadata is renamed in first and the data last: the data rename is the commit, and a
crash in between leaves only orphan metadata that the next put replaces. One limit S3 does
not have: a key cannot also be a "directory" of another key ("a" and "a/b").
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from ._fsutil import READ_ONLY, fsync_dir, make_dirs, write_durable
from ._streams import Data, Hashing, RawChunks, iter_chunks
from .base import ObjectInfo, ObjectStore, normalize_sha256, validate_key
from .errors import IntegrityError, ObjectExists, ObjectNotFound, ObjectStoreError
from .locks import LockMode, ObjectLock, refuse_if_locked

_MISSING = (FileNotFoundError, NotADirectoryError, IsADirectoryError)


class FilesystemObjectStore(ObjectStore):
    def __init__(self, root: Path) -> None:
        self.root = root
        self._meta = root / ".meta"
        self._tmp = root / ".tmp"
        self._locks = root / ".locks"
        make_dirs(self._meta)
        make_dirs(self._locks)
        make_dirs(self._tmp)
        (root / ".lock").touch()

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
        if not overwrite and self.exists(key):  # fail before streaming; re-checked at commit
            raise ObjectExists(key)
        tmp = self._tmp / uuid.uuid4().hex
        try:
            hashing = Hashing(iter_chunks(data))
            write_durable(tmp, hashing)
            hashing.check(key, expected)
            info = ObjectInfo(key=key, size=hashing.size, sha256=hashing.sha256)
            self._commit(tmp, info, overwrite=overwrite)
        finally:
            tmp.unlink(missing_ok=True)
        return info

    def adopt(
        self, key: str, path: Path, *, sha256: str, size: int, overwrite: bool = False
    ) -> ObjectInfo:
        """Renames the file into place when it lives on the store's filesystem: no byte is
        copied or hashed again. Across filesystems, the base class copies it."""
        validate_key(key)
        info = ObjectInfo(key=key, size=size, sha256=normalize_sha256(sha256))
        if os.stat(path).st_dev != os.stat(self._tmp).st_dev:
            return super().adopt(key, path, sha256=sha256, size=size, overwrite=overwrite)
        if path.stat().st_size != size:
            raise IntegrityError(f"{path}: {path.stat().st_size} bytes, expected {size}")
        if not overwrite and self.exists(key):
            raise ObjectExists(key)
        tmp = self._tmp / uuid.uuid4().hex
        os.replace(path, tmp)  # out of the caller's hands before it turns read-only
        try:
            with tmp.open("rb") as file:
                os.fsync(file.fileno())
            tmp.chmod(READ_ONLY)
            self._commit(tmp, info, overwrite=overwrite)
        finally:
            tmp.unlink(missing_ok=True)
        return info

    def stat(self, key: str) -> ObjectInfo:
        validate_key(key)
        with self._locked(exclusive=False):
            if not (self.root / key).is_file():
                raise ObjectNotFound(key)
            return self._read_meta(key)

    def iter_keys(self) -> Iterator[str]:
        # Bookkeeping lives under dot names, which keys never start with.
        for path in sorted(self.root.rglob("*")):
            name = path.relative_to(self.root)
            if not name.parts[0].startswith(".") and path.is_file():
                yield str(name)

    def delete(self, key: str) -> None:
        validate_key(key)
        with self._locked(exclusive=True):
            refuse_if_locked(key, self._read_lock(key))
            # Data first: metadata without data is harmless, data without metadata is not.
            for path in (self.root / key, self._meta / key):
                try:
                    path.unlink()
                except _MISSING:
                    continue
                fsync_dir(path.parent)

    def _open_raw(self, key: str, chunk_size: int) -> tuple[ObjectInfo, RawChunks]:
        # Metadata and file handle are taken under one lock, so an overwrite cannot pair
        # new metadata with old bytes; the open handle keeps its version after a rename.
        with self._locked(exclusive=False):
            info = self._read_meta(key)
            try:
                file = (self.root / key).open("rb")
            except _MISSING:
                raise ObjectNotFound(key) from None
        return info, _read_chunks(file, chunk_size)

    def _commit(self, tmp: Path, info: ObjectInfo, *, overwrite: bool) -> None:
        data_path, meta_path = self.root / info.key, self._meta / info.key
        meta = json.dumps({"key": info.key, "size": info.size, "sha256": info.sha256})
        meta_tmp = tmp.with_name(tmp.name + ".meta")
        try:
            write_durable(meta_tmp, [meta.encode()])
            with self._locked(exclusive=True):
                if not overwrite and data_path.is_file():
                    raise ObjectExists(info.key)
                refuse_if_locked(info.key, self._read_lock(info.key))
                make_dirs(data_path.parent)
                make_dirs(meta_path.parent)
                os.replace(meta_tmp, meta_path)
                os.replace(tmp, data_path)  # the commit point
                fsync_dir(meta_path.parent)
                fsync_dir(data_path.parent)
        except (NotADirectoryError, IsADirectoryError, FileExistsError) as exc:
            raise ObjectStoreError(f"{info.key} collides with another key's path") from exc
        finally:
            meta_tmp.unlink(missing_ok=True)

    def lock_state(self, key: str) -> ObjectLock:
        self.stat(key)
        with self._locked(exclusive=False):
            return self._read_lock(key)

    def set_retention(self, key: str, until: datetime, mode: LockMode) -> ObjectLock:
        return self._update_lock(key, lambda lock: lock.extended(until, mode))

    def set_legal_hold(self, key: str, on: bool) -> ObjectLock:
        return self._update_lock(key, lambda lock: lock.with_hold(on))

    def open_range(
        self, key: str, offset: int, length: int, *, chunk_size: int = 1 << 20
    ) -> RawChunks:
        validate_key(key)
        try:
            file = (self.root / key).open("rb")
        except _MISSING:
            raise ObjectNotFound(key) from None
        file.seek(offset)
        return _read_chunks(file, chunk_size, limit=length)

    def _update_lock(self, key: str, change: Callable[[ObjectLock], ObjectLock]) -> ObjectLock:
        validate_key(key)
        with self._locked(exclusive=True):
            if not (self.root / key).is_file():
                raise ObjectNotFound(key)
            lock = change(self._read_lock(key))
            path = self._locks / key
            make_dirs(path.parent)
            tmp = self._tmp / uuid.uuid4().hex
            until = lock.retain_until.isoformat() if lock.retain_until else None
            state = {"retain_until": until, "mode": lock.mode, "legal_hold": lock.legal_hold}
            write_durable(tmp, [json.dumps(state).encode()])
            os.replace(tmp, path)
            fsync_dir(path.parent)
            return lock

    def _read_lock(self, key: str) -> ObjectLock:
        try:
            state = json.loads((self._locks / key).read_text())
        except _MISSING:
            return ObjectLock()
        until = state.get("retain_until")
        return ObjectLock(
            retain_until=datetime.fromisoformat(until) if until else None,
            mode=state.get("mode"),
            legal_hold=bool(state.get("legal_hold")),
        )

    def _read_meta(self, key: str) -> ObjectInfo:
        try:
            text = (self._meta / key).read_text()
        except _MISSING:
            raise ObjectNotFound(key) from None
        try:
            meta = json.loads(text)
            return ObjectInfo(key, size=int(meta["size"]), sha256=normalize_sha256(meta["sha256"]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # Without readable metadata the bytes cannot be verified, so they are never served.
            raise IntegrityError(f"{key}: unreadable metadata") from exc

    @contextmanager
    def _locked(self, *, exclusive: bool) -> Iterator[None]:
        # flock: readers share, commits and deletes exclude; works across processes on a host.
        with open(self.root / ".lock", "rb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield


def _read_chunks(file: BinaryIO, chunk_size: int, limit: int | None = None) -> RawChunks:
    with file:
        left = limit
        while left is None or left > 0:
            chunk = file.read(chunk_size if left is None else min(chunk_size, left))
            if not chunk:
                return
            if left is not None:
                left -= len(chunk)
            yield chunk

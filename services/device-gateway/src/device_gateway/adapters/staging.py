"""Staging files for tus uploads: bytes are fsynced before the database confirms their offset,
so a confirmed offset never counts bytes that are not on disk. Bytes past the confirmed offset
(a chunk cut short by a crash or a disconnect) are discarded by truncating on the next write.

The whole file's sha256 is computed as chunks arrive, so finishing an upload reads nothing
again. The running hash lives in this process; after a restart (or on another instance) the
staged prefix is hashed once to catch up.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections import OrderedDict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, BinaryIO

from device_gateway.domain.errors import ChecksumMismatch, UploadTooLarge
from device_gateway.domain.tus import Checksum

READ_BLOCK = 1 << 20
WRITE_BATCH = 1 << 20
MAX_RUNNING_HASHES = 1024  # uploads in progress on this instance; older ones catch up later


class StagingArea:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._hashes: OrderedDict[str, tuple[int, Any]] = OrderedDict()

    def path(self, name: str) -> Path:
        return self.root / name

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def create(self, name: str) -> None:
        self.path(name).touch(exist_ok=False)

    def discard(self, name: str) -> None:
        self._hashes.pop(name, None)
        self.path(name).unlink(missing_ok=True)

    def head(self, name: str, size: int) -> bytes:
        with self.path(name).open("rb") as file:
            return file.read(size)

    def sha256(self, name: str, length: int) -> str:
        """The sha256 of the first `length` staged bytes (the whole upload once complete)."""
        return self._hasher(name, length).hexdigest()

    async def append(
        self,
        name: str,
        offset: int,
        chunks: AsyncIterator[bytes],
        *,
        limit: int,
        checksum: Checksum | None = None,
    ) -> int:
        """Write a chunk at `offset`, at most `limit` bytes; returns how many were written.
        On too many bytes or a checksum mismatch the file is cut back to `offset` and the
        error raised: nothing of the chunk counts."""
        whole = self._hasher(name, offset).copy()  # the cached one stays valid on failure
        with self.path(name).open("r+b") as file:
            file.truncate(offset)
            file.seek(offset)
            try:
                written = await _copy(chunks, file, limit, checksum, whole)
            except BaseException:
                file.truncate(offset)
                raise
            file.flush()
            await asyncio.to_thread(os.fsync, file.fileno())
        self._remember(name, offset + written, whole)
        return written

    def _hasher(self, name: str, length: int) -> Any:
        cached = self._hashes.get(name)
        if cached is not None and cached[0] == length:
            return cached[1]
        hasher = hashlib.sha256()
        with self.path(name).open("rb") as file:
            remaining = length
            while remaining > 0 and (block := file.read(min(READ_BLOCK, remaining))):
                hasher.update(block)
                remaining -= len(block)
        self._remember(name, length, hasher)
        return hasher

    def _remember(self, name: str, length: int, hasher: Any) -> None:
        self._hashes[name] = (length, hasher)
        self._hashes.move_to_end(name)
        while len(self._hashes) > MAX_RUNNING_HASHES:
            self._hashes.popitem(last=False)


async def _copy(
    chunks: AsyncIterator[bytes],
    file: BinaryIO,
    limit: int,
    checksum: Checksum | None,
    whole: Any,
) -> int:
    """Hash and write in a worker thread, a batch at a time, while the event loop receives
    the next batch: hashlib and file writes release the GIL, so both cores work."""
    hashers = [h for h in (checksum.new() if checksum else None, whole) if h is not None]
    written = 0
    batch = bytearray()
    pending: asyncio.Future[None] | None = None
    try:
        async for chunk in chunks:
            written += len(chunk)
            if written > limit:
                raise UploadTooLarge(
                    f"chunk goes past the upload length by {written - limit} bytes"
                )
            batch += chunk
            if len(batch) >= WRITE_BATCH:
                if pending is not None:
                    await pending
                data = bytes(batch)
                batch.clear()
                pending = asyncio.ensure_future(asyncio.to_thread(_absorb, data, file, hashers))
    finally:
        if pending is not None:
            # Even on failure: the caller truncates the file, which must come after the write.
            await asyncio.wait([pending])
    if pending is not None:
        pending.result()
    _absorb(bytes(batch), file, hashers)
    if checksum and hashers[0].digest() != checksum.digest:
        raise ChecksumMismatch(f"chunk does not match its {checksum.algorithm} checksum")
    return written


def _absorb(data: bytes, file: BinaryIO, hashers: list[Any]) -> None:
    for hasher in hashers:
        hasher.update(data)
    file.write(data)

"""Staging files for tus uploads: bytes are fsynced before the database confirms their offset,
so a confirmed offset never counts bytes that are not on disk. Bytes past the confirmed offset
(a chunk cut short by a crash or a disconnect) are discarded by truncating on the next write.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from device_gateway.domain.errors import ChecksumMismatch, UploadTooLarge
from device_gateway.domain.tus import Checksum


class StagingArea:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.root / name

    def create(self, name: str) -> None:
        self.path(name).touch(exist_ok=False)

    def discard(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

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
        with self.path(name).open("r+b") as file:
            file.truncate(offset)
            file.seek(offset)
            try:
                written = await _copy(chunks, file, limit, checksum)
            except BaseException:
                file.truncate(offset)
                raise
            file.flush()
            await asyncio.to_thread(os.fsync, file.fileno())
        return written


async def _copy(
    chunks: AsyncIterator[bytes], file: BinaryIO, limit: int, checksum: Checksum | None
) -> int:
    hasher = checksum.new() if checksum else None
    written = 0
    async for chunk in chunks:
        written += len(chunk)
        if written > limit:
            raise UploadTooLarge(f"chunk goes past the upload length by {written - limit} bytes")
        if hasher:
            hasher.update(chunk)
        file.write(chunk)
    if checksum and hasher and hasher.digest() != checksum.digest:
        raise ChecksumMismatch(f"chunk does not match its {checksum.algorithm} checksum")
    return written

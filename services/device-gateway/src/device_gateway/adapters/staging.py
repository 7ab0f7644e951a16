"""Staging files for tus uploads: bytes are fsynced before the database confirms their offset,
so a confirmed offset never counts bytes that are not on disk. Bytes past the confirmed offset
(a chunk cut short by a crash) are discarded by truncating on the next write. A chunk whose
client hung up keeps the bytes that arrived, unless it carried a checksum they cannot match.
Bytes are written around the page cache (`custody_platform.direct_io`): nothing here reads
them back but a sniffed head and, after a restart, one catch-up hash.

The whole file's sha256 is computed as chunks arrive, so finishing an upload reads nothing
again. The running hash lives in this process; after a restart (or on another instance) the
staged prefix is hashed once to catch up.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from custody_platform.direct_io import DirectWriter

from device_gateway.domain.errors import BodyCutShort, ChecksumMismatch, UploadTooLarge
from device_gateway.domain.tus import Checksum

READ_BLOCK = 1 << 20
WRITE_BATCH = 1 << 20
BATCHES_IN_FLIGHT = 4  # received but not yet hashed and written, per upload
MAX_RUNNING_HASHES = 1024  # uploads in progress on this instance; older ones catch up later
SPARE_LANES = 16  # idle hashing/writing threads kept for the next chunks


class StagingArea:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._hashes: OrderedDict[str, tuple[int, Any]] = OrderedDict()
        self._lanes = _Lanes()

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
        error raised: nothing of the chunk counts. A body cut short counts up to where it
        stopped when there is no checksum to hold it against."""
        whole = self._hasher(name, offset).copy()  # the cached one stays valid on failure
        path = self.path(name)
        os.truncate(path, offset)
        writer = DirectWriter(path, offset)
        try:
            written = await _copy(chunks, self._lanes, writer, limit, checksum, whole, offset)
            await asyncio.to_thread(writer.close)
        except BaseException:
            writer.abort()
            os.truncate(path, offset)
            raise
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
    lanes: _Lanes,
    writer: DirectWriter,
    limit: int,
    checksum: Checksum | None,
    whole: Any,
    offset: int,
) -> int:
    """Receives on the event loop while one thread hashes and another writes (`_Threads`):
    hashlib and file writes release the GIL, so the cores work side by side. A chunk at
    offset 0 with a sha256 checksum is the file so far: the file's hash checks it too, and
    its bytes are hashed once, not twice."""
    if checksum and not (offset == 0 and checksum.algorithm == "sha256"):
        hashers = [checksum.new(), whole]
    else:
        hashers = [whole]
    source = chunks if checksum else _until_cut_short(chunks)
    async with _Threads(lanes, hashers, writer) as threads:
        written = await _receive(source, limit, threads)
    if checksum and hashers[0].digest() != checksum.digest:
        raise ChecksumMismatch(f"chunk does not match its {checksum.algorithm} checksum")
    return written


async def _receive(source: AsyncIterator[bytes], limit: int, threads: _Threads) -> int:
    """Hands the received pieces over in batches of WRITE_BATCH bytes, without copying."""
    written = 0
    batch: list[bytes] = []
    batched = 0
    async for chunk in source:
        written += len(chunk)
        if written > limit:
            raise UploadTooLarge(f"chunk goes past the upload length by {written - limit} bytes")
        batch.append(chunk)
        batched += len(chunk)
        if batched >= WRITE_BATCH:
            await threads.submit(batch)
            batch, batched = [], 0
    await threads.submit(batch)
    return written


class _Lanes:
    """Single-thread executors kept between chunks: starting two threads for every PATCH
    cost more than an 8 MB chunk's hashing. Used from the event loop only."""

    def __init__(self) -> None:
        self._idle: list[ThreadPoolExecutor] = []

    def take(self) -> ThreadPoolExecutor:
        return self._idle.pop() if self._idle else ThreadPoolExecutor(1, "staging")

    def give(self, lane: ThreadPoolExecutor) -> None:
        if len(self._idle) < SPARE_LANES:
            self._idle.append(lane)
        else:
            lane.shutdown(wait=False)


class _Threads:
    """One thread hashes and one writes, each taking the batches in order. Submitting only
    waits when BATCHES_IN_FLIGHT batches are still being hashed or written; leaving waits
    for both threads, even on failure (the caller then cuts the file back, which must come
    after the writes), and raises what failed in them. The threads go back to their lanes
    once idle."""

    def __init__(self, lanes: _Lanes, hashers: list[Any], writer: DirectWriter) -> None:
        self._lanes, self._hashers, self._writer = lanes, hashers, writer
        self._inflight: deque[asyncio.Future[Any]] = deque()

    async def __aenter__(self) -> _Threads:
        self._hashing, self._writing = self._lanes.take(), self._lanes.take()
        return self

    async def submit(self, pieces: list[bytes]) -> None:
        while len(self._inflight) >= 2 * BATCHES_IN_FLIGHT:
            await self._inflight.popleft()
        loop = asyncio.get_running_loop()
        self._inflight.append(loop.run_in_executor(self._hashing, _hash, pieces, self._hashers))
        self._inflight.append(loop.run_in_executor(self._writing, _write, pieces, self._writer))

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if self._inflight:
            await asyncio.wait(self._inflight)
        self._lanes.give(self._hashing)
        self._lanes.give(self._writing)
        if exc_type is None:
            for future in self._inflight:
                future.result()


async def _until_cut_short(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The chunk's pieces; a body cut short just ends where the client stopped."""
    try:
        async for piece in chunks:
            yield piece
    except BodyCutShort:
        return


def _hash(pieces: list[bytes], hashers: list[Any]) -> None:
    for piece in pieces:
        for hasher in hashers:
            hasher.update(piece)


def _write(pieces: list[bytes], writer: DirectWriter) -> None:
    for piece in pieces:
        writer.write(piece)

"""A ZIP written straight into the object store: zipfile writes into a bounded pipe that the
store's put (in a worker thread) reads from, so memory stays flat whatever the file sizes.

zipfile sees an unseekable stream and writes data descriptors after each member, which is
what lets a member's size stay unknown until its last byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import queue
import zipfile
from collections.abc import AsyncIterator, Iterator
from typing import IO

from custody_platform.objectstore import ObjectInfo, ObjectStore

PIPE_DEPTH = 16  # chunks in flight between the zip writer and the store
_DONE = object()


class PackageFailed(Exception):
    """The ZIP could not be completed; nothing is kept under its key."""


class _Pipe:
    """File-like for zipfile on one side, an iterable of chunks for ObjectStore.put on the
    other. No tell(): zipfile then treats it as a stream."""

    def __init__(self) -> None:
        self._chunks: queue.Queue[object] = queue.Queue(PIPE_DEPTH)
        self._finished = False  # no more writes will be read
        self._reader_gone = False  # the store stopped reading (done or failed)

    def write(self, data: bytes) -> int:
        if data and not self._finished:
            self._put(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self, error: BaseException | None = None) -> None:
        if not self._finished:
            self._finished = True
            self._put(error or _DONE)

    def _put(self, item: object) -> None:
        while True:  # never wait forever on a reader that has died
            if self._reader_gone:
                raise PackageFailed("the object store stopped reading the package")
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[bytes]:
        try:
            while (item := self._chunks.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise PackageFailed(str(item)) from item
                assert isinstance(item, bytes)
                yield item
        finally:
            self._reader_gone = True


class ZipUpload:
    """async with ZipUpload(store, key) as upload: await upload.add_stream(...); .add_bytes(...)
    On success upload.info is the stored object; on error the store keeps nothing."""

    def __init__(self, store: ObjectStore, key: str) -> None:
        self._pipe = _Pipe()
        self._store, self._key = store, key
        self._zip = zipfile.ZipFile(self._pipe, "w")  # type: ignore[call-overload]
        self._put: asyncio.Future[ObjectInfo] | None = None
        self._member: IO[bytes] | None = None
        self.info: ObjectInfo | None = None

    async def __aenter__(self) -> ZipUpload:
        self._put = asyncio.ensure_future(asyncio.to_thread(self._store.put, self._key, self._pipe))
        return self

    async def __aexit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        assert self._put is not None
        if error is None:
            await asyncio.to_thread(self._zip.close)
            self._pipe.finish()
            self.info = await self._put
            return
        with contextlib.suppress(PackageFailed):
            self._pipe.finish(error)
        with contextlib.suppress(Exception):  # writes are dropped now; just release handles
            if self._member is not None:
                self._member.close()
            self._zip.close()
        with contextlib.suppress(Exception):  # the store's own error, if it was the cause
            await self._put
        self._store.delete(self._key)  # in case a backend kept a partial object

    async def add_stream(self, path: str, chunks: AsyncIterator[bytes]) -> tuple[str, int]:
        """Stores a member as it arrives (no compression: video is compressed already);
        returns its sha256 and size."""
        digest, size = hashlib.sha256(), 0
        info = zipfile.ZipInfo(path)
        self._member = member = self._zip.open(info, "w", force_zip64=True)
        async for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            await asyncio.to_thread(member.write, chunk)
        await asyncio.to_thread(member.close)
        self._member = None
        return digest.hexdigest(), size

    async def add_bytes(self, path: str, data: bytes) -> str:
        info = zipfile.ZipInfo(path)
        info.compress_type = zipfile.ZIP_DEFLATED
        await asyncio.to_thread(self._zip.writestr, info, data)
        return hashlib.sha256(data).hexdigest()

"""Blocking object store steps, run by the service layer in worker threads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator

from custody_platform.objectstore import (
    IntegrityError,
    ObjectInfo,
    ObjectNotFound,
    ObjectStore,
    content_address,
)


def store_original(store: ObjectStore, staged_key: str, sha256: str) -> ObjectInfo:
    """Copies a staged upload to its content address, verifying the bytes on the way.
    Content already stored under that address is the same bytes, so it is not copied again."""
    key = content_address(sha256)
    try:
        existing = store.stat(key)
    except ObjectNotFound:
        return store.copy_verified(staged_key, key, expected_sha256=sha256)
    _check_staged(store, staged_key, existing.sha256)
    return existing


def _check_staged(store: ObjectStore, staged_key: str, sha256: str) -> None:
    """The staged upload, if still there, must claim the same hash as the stored original."""
    try:
        staged = store.stat(staged_key)
    except ObjectNotFound:
        return  # already cleaned up after an earlier ingest of the same bytes
    if staged.sha256 != sha256:
        raise IntegrityError(f"{staged_key}: sha256 {staged.sha256} != expected {sha256}")


class _SteppedChunks:
    """A blocking chunk iterator advanced from worker threads one step at a time: a cancelled
    download can leave a thread inside next(), and close() has to wait for it."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._lock = threading.Lock()

    def next(self) -> bytes | None:
        with self._lock:
            return next(self._chunks, None)

    def close(self) -> None:
        with self._lock:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()


async def iterate_in_threads(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """A blocking chunk iterator's chunks without blocking the event loop."""
    stepped = _SteppedChunks(chunks)
    try:
        while (chunk := await asyncio.to_thread(stepped.next)) is not None:
            yield chunk
    finally:
        await asyncio.to_thread(stepped.close)

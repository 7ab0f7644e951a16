"""Streaming helpers shared by the backends: chunking, hashing on write, verifying on read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import BinaryIO

from .errors import IntegrityError

DEFAULT_CHUNK = 1 << 20

Data = BinaryIO | bytes | Iterable[bytes]
RawChunks = Generator[bytes, None, None]  # closable, so an abandoned read releases its handle


def iter_chunks(data: Data, chunk_size: int = DEFAULT_CHUNK) -> Iterator[bytes]:
    """Any accepted input as a stream of non-empty chunks, without reading it all at once."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for start in range(0, len(view), chunk_size):
            yield bytes(view[start : start + chunk_size])
        return
    read = getattr(data, "read", None)
    # Checked before iteration: a binary file also iterates, but by lines.
    if callable(read):
        while chunk := read(chunk_size):
            yield bytes(chunk)
        return
    yield from (bytes(chunk) for chunk in data if chunk)


class Hashing:
    """Passes chunks through while counting and hashing them."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = chunks
        self._digest = hashlib.sha256()
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            self._digest.update(chunk)
            self.size += len(chunk)
            yield chunk

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def check(self, key: str, expected_sha256: str | None) -> None:
        """Raises IntegrityError when the bytes seen so far do not hash to the expected value."""
        if expected_sha256 is not None and self.sha256 != expected_sha256:
            raise IntegrityError(f"{key}: sha256 {self.sha256} != expected {expected_sha256}")


def verified_chunks(key: str, raw: RawChunks, *, size: int, sha256: str) -> Iterator[bytes]:
    """Yields the stored chunks, holding the last one back until the whole object is verified,
    so a consumer never receives a tampered object complete."""
    digest, seen, held = hashlib.sha256(), 0, b""
    try:
        for chunk in raw:
            if not chunk:  # an empty chunk must not take the held-back chunk's place
                continue
            digest.update(chunk)
            seen += len(chunk)
            if seen > size:  # stop early: a grown object cannot verify
                raise IntegrityError(f"{key}: longer than its stored size {size}")
            if held:
                yield held
            held = chunk
    finally:
        raw.close()
    if seen != size or digest.hexdigest() != sha256:
        raise IntegrityError(f"{key}: stored bytes do not match their sha256 {sha256}")
    if held:
        yield held


class ChunkReader:
    """A file-like read(n) over a chunk iterator, for minio. It calls at_eof before reporting
    the end, so a failed hash check raises while minio still holds the last part: the upload
    is aborted and nothing commits."""

    def __init__(self, chunks: Iterator[bytes], at_eof: Callable[[], None]) -> None:
        self._chunks = chunks
        self._at_eof = at_eof
        self._buffer = bytearray()
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            chunk = next(self._chunks, None)
            if chunk is None:
                self._done = True
                self._at_eof()
            else:
                self._buffer += chunk
        count = len(self._buffer) if size < 0 else min(size, len(self._buffer))
        out = bytes(self._buffer[:count])
        del self._buffer[:count]
        return out

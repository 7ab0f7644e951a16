"""Sequential file writes that bypass the page cache (O_DIRECT), for bytes written once and
not read back soon: upload staging and new objects. The kernel copies nothing into its cache,
so a large upload neither evicts hot data nor makes every written page an allocation; MinIO
writes objects the same way. See docs/decisions/0010-direct-io-writes.md.

O_DIRECT wants block-aligned offsets, lengths and memory, so bytes pass through a reused
page-aligned buffer: a write that starts mid-block first reads the block's head back, and
the last partial block is padded with zeros, then cut off by `ftruncate`. Where the
filesystem refuses O_DIRECT, the same class writes through the page cache instead.
"""

from __future__ import annotations

import errno
import mmap
import os
import threading
from pathlib import Path
from types import TracebackType

BLOCK = 4096  # a multiple of every logical block size Linux devices use
BUFFER = 4 << 20
_O_DIRECT = getattr(os, "O_DIRECT", 0)
_spare: list[mmap.mmap] = []  # buffers are reused: touching fresh memory costs page faults
_spare_lock = threading.Lock()
MAX_SPARE = 16


class DirectWriter:
    """Writes bytes to `path` from `offset` on (the file must exist and be at least that
    long); `close()` cuts the file at the last byte written and makes it durable. One thread
    writes; another may `abort()`, which waits for a write in progress, so the buffer is
    never handed on while still in use."""

    def __init__(self, path: Path, offset: int = 0) -> None:
        self.end = offset
        self._lock = threading.Lock()
        self._failed = False
        self._fd, self.direct = _open(path)
        self._buffer: mmap.mmap | None = None
        self._filled = 0
        self._position = offset  # where the buffer's first byte goes
        if self.direct:
            self._position = offset - offset % BLOCK
            head = _read(path, self._position, offset - self._position)
            self._buffer = _take_buffer()
            self._buffer[: len(head)] = head
            self._filled = len(head)

    def write(self, data: bytes | memoryview) -> None:
        with self._lock:
            self._write(data)

    def _write(self, data: bytes | memoryview) -> None:
        if self._fd < 0:
            raise ValueError("write to a closed DirectWriter")
        if self._failed:
            raise ValueError("an earlier write failed; the file must be cut back")
        try:
            self._append(data)
        except BaseException:
            self._failed = True
            raise

    def _append(self, data: bytes | memoryview) -> None:
        if self._buffer is None:
            self._pwrite_all(data, self.end)
            self.end += len(data)
            return
        view = memoryview(data)
        while view:
            taken = min(len(view), BUFFER - self._filled)
            self._buffer[self._filled : self._filled + taken] = view[:taken]
            self._filled += taken
            view = view[taken:]
            if self._filled == BUFFER:
                self._flush_buffer()
        self.end += len(data)

    def close(self) -> None:
        """Writes what is buffered, cuts the file at `end` and fsyncs it."""
        with self._lock:
            if self._fd < 0 or self._failed:
                self._release()
                raise ValueError("close of a closed or failed DirectWriter")
            self._close()

    def _close(self) -> None:
        try:
            if self._buffer is not None and self._filled:
                padded = -(-self._filled // BLOCK) * BLOCK
                self._buffer[self._filled : padded] = bytes(padded - self._filled)
                self._filled = padded
                self._flush_buffer()
            os.ftruncate(self._fd, self.end)
            os.fsync(self._fd)
        finally:
            self._release()

    def abort(self) -> None:
        """Closes without writing what is buffered; the caller cuts the file back."""
        with self._lock:
            self._release()

    def __enter__(self) -> DirectWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
        else:
            self.abort()

    def _flush_buffer(self) -> None:
        assert self._buffer is not None
        self._pwrite_all(memoryview(self._buffer)[: self._filled], self._position)
        self._position += self._filled
        self._filled = 0

    def _pwrite_all(self, data: bytes | memoryview, position: int) -> None:
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, position)
            view, position = view[written:], position + written

    def _release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._buffer is not None:
            _give_back(self._buffer)
            self._buffer = None


def _open(path: Path) -> tuple[int, bool]:
    if _O_DIRECT:
        try:
            return os.open(path, os.O_WRONLY | _O_DIRECT), True
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: this filesystem has no O_DIRECT
                raise
    return os.open(path, os.O_WRONLY), False


def _read(path: Path, position: int, length: int) -> bytes:
    """The head of a block that a write starts inside of, read through the page cache
    (O_DIRECT reads want aligned lengths too)."""
    if not length:
        return b""
    with path.open("rb") as file:
        file.seek(position)
        head = file.read(length)
    if len(head) != length:
        raise ValueError(f"{path} is shorter than the offset {position + length}")
    return head


def _take_buffer() -> mmap.mmap:
    with _spare_lock:
        if _spare:
            return _spare.pop()
    return mmap.mmap(-1, BUFFER)  # anonymous mappings are page-aligned


def _give_back(buffer: mmap.mmap) -> None:
    with _spare_lock:
        if len(_spare) < MAX_SPARE:
            _spare.append(buffer)
            return
    buffer.close()

"""DirectWriter: byte-exact files from any offset and any piece sizes, with O_DIRECT and
through the page cache (the fallback for filesystems without O_DIRECT)."""

from __future__ import annotations

import errno
import os
import random
from pathlib import Path

import pytest
from custody_platform import direct_io
from custody_platform.direct_io import BLOCK, BUFFER, DirectWriter

pytestmark = pytest.mark.integration


@pytest.fixture(params=["direct", "cached"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    if request.param == "cached":
        monkeypatch.setattr(direct_io, "_O_DIRECT", 0)
    elif not _has_o_direct(tmp_path):
        pytest.skip("this filesystem has no O_DIRECT")
    return str(request.param)


def _has_o_direct(directory: Path) -> bool:
    try:
        os.close(os.open(directory / "probe", os.O_WRONLY | os.O_CREAT | direct_io._O_DIRECT))
    except OSError:
        return False
    return bool(direct_io._O_DIRECT)


def _pieces(data: bytes, rng: random.Random) -> list[bytes]:
    pieces, at = [], 0
    while at < len(data):
        size = rng.choice([1, 7, BLOCK - 1, BLOCK, BLOCK + 1, 65_536, BUFFER + 3])
        pieces.append(data[at : at + size])
        at += size
    return pieces


def _new(path: Path) -> Path:
    path.touch()
    return path


def test_a_new_file_gets_exactly_the_bytes_written(tmp_path: Path, mode: str) -> None:
    rng = random.Random(1)
    data = rng.randbytes(2 * BUFFER + 12_345)
    path = _new(tmp_path / "file")
    with DirectWriter(path) as writer:
        assert writer.direct is (mode == "direct")
        for piece in _pieces(data, rng):
            writer.write(piece)
    assert path.read_bytes() == data


@pytest.mark.parametrize("size", [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, BUFFER, BUFFER + 1])
def test_sizes_around_block_and_buffer_edges(tmp_path: Path, mode: str, size: int) -> None:
    data = os.urandom(size)
    path = _new(tmp_path / "file")
    with DirectWriter(path) as writer:
        writer.write(data)
    assert path.read_bytes() == data


def test_appends_from_unaligned_offsets_keep_what_came_before(tmp_path: Path, mode: str) -> None:
    """What tus does: each PATCH appends at the confirmed offset, wherever it falls."""
    rng = random.Random(2)
    path = _new(tmp_path / "upload")
    expected = b""
    for length in [1, BLOCK - 1, 5, BUFFER + BLOCK + 9, 3 * BLOCK, 77]:
        chunk = rng.randbytes(length)
        writer = DirectWriter(path, len(expected))
        for piece in _pieces(chunk, rng):
            writer.write(piece)
        writer.close()
        expected += chunk
        assert path.read_bytes() == expected


def test_abort_writes_nothing_more_and_the_caller_cuts_back(tmp_path: Path, mode: str) -> None:
    path = _new(tmp_path / "upload")
    path.write_bytes(b"confirmed")
    writer = DirectWriter(path, len(b"confirmed"))
    writer.write(b"x" * (BUFFER + 10))  # one buffer reached the disk, 10 bytes did not
    writer.abort()
    os.truncate(path, len(b"confirmed"))
    assert path.read_bytes() == b"confirmed"
    with pytest.raises(ValueError):
        writer.write(b"more")


def test_a_failed_write_refuses_every_later_write(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that failed half-way leaves the position unknown: nothing may follow it."""
    path = _new(tmp_path / "upload")
    writer = DirectWriter(path)

    def disk_full(*_: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(direct_io.os, "pwrite", disk_full)
        with pytest.raises(OSError):
            writer.write(b"y" * (BUFFER + 1))
    with pytest.raises(ValueError):
        writer.write(b"z")
    with pytest.raises(ValueError):
        writer.close()


def test_an_offset_past_the_end_of_the_file_is_refused(tmp_path: Path, mode: str) -> None:
    path = _new(tmp_path / "short")
    path.write_bytes(b"abc")
    if mode == "direct":
        with pytest.raises(ValueError):
            DirectWriter(path, BLOCK + 10)
    else:  # through the page cache, a write past the end leaves a hole, as pwrite does
        with DirectWriter(path, 5) as writer:
            writer.write(b"d")
        assert path.read_bytes() == b"abc\0\0d"


def test_buffers_are_reused_not_allocated_per_writer(tmp_path: Path, mode: str) -> None:
    path = _new(tmp_path / "file")
    with DirectWriter(path) as writer:
        writer.write(b"a")
    spare = list(direct_io._spare)
    for _ in range(5):
        with DirectWriter(path) as writer:
            writer.write(b"b")
    assert direct_io._spare == spare
    if mode == "direct":
        assert spare  # the first writer's buffer, given back

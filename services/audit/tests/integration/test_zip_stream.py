"""Streaming a ZIP into the real filesystem object store: it reads back; a failure midway
leaves nothing behind."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from audit.adapters.zip_stream import ZipUpload
from custody_platform.objectstore import FilesystemObjectStore

pytestmark = pytest.mark.integration


async def chunks(
    data: bytes, size: int = 65536, fail_at: int | None = None
) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        if fail_at is not None and start >= fail_at:
            raise RuntimeError("upstream broke")
        yield data[start : start + size]


async def test_members_stream_into_the_store(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path / "objects")
    big = os.urandom(3 * (1 << 20) + 5)
    async with ZipUpload(store, "disclosures/a.zip") as upload:
        sha256, size = await upload.add_stream("files/big.bin", chunks(big))
        note = await upload.add_bytes("note.json", b'{"a": 1}')
    assert (sha256, size) == (hashlib.sha256(big).hexdigest(), len(big))
    assert note == hashlib.sha256(b'{"a": 1}').hexdigest()
    stored = store.read_bytes("disclosures/a.zip")
    assert upload.info is not None and upload.info.size == len(stored)
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        assert archive.testzip() is None
        assert archive.read("files/big.bin") == big
        assert archive.read("note.json") == b'{"a": 1}'


async def test_a_failure_midway_stores_nothing(tmp_path: Path) -> None:
    store = FilesystemObjectStore(tmp_path / "objects")
    big = os.urandom(2 * (1 << 20))
    with pytest.raises(RuntimeError, match="upstream broke"):
        async with ZipUpload(store, "disclosures/b.zip") as upload:
            await upload.add_stream("files/big.bin", chunks(big, fail_at=1 << 20))
    assert not store.exists("disclosures/b.zip")

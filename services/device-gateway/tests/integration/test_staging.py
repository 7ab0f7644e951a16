"""Staging files on a real filesystem: whatever chunks arrive, the file holds exactly the
accepted bytes in order, and the confirmed offset is its length."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from custody_platform.errors import DomainError
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.tus import parse_checksum
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.integration
LENGTH = 64


async def body(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 7):
        yield data[start : start + 7]


attempts = st.lists(
    st.tuples(st.binary(min_size=0, max_size=40), st.sampled_from(["ok", "bad_checksum", "cut"])),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(attempts)
def test_only_accepted_chunks_count(chunks: list[tuple[bytes, str]]) -> None:
    with tempfile.TemporaryDirectory() as root:
        asyncio.run(_replay(Path(root), chunks))


async def _replay(root: Path, chunks: list[tuple[bytes, str]]) -> None:
    staging, offset, accepted = StagingArea(root), 0, b""
    staging.create("u.part")
    for data, fate in chunks:
        if fate == "cut":  # a crash mid-chunk: unconfirmed bytes are on disk past the offset
            with staging.path("u.part").open("ab") as file:
                file.write(data)
            continue
        digest = hashlib.sha256(data if fate == "ok" else data + b"!").digest()
        checksum = parse_checksum("sha256 " + base64.b64encode(digest).decode())
        try:
            written = await staging.append(
                "u.part", offset, body(data), limit=LENGTH - offset, checksum=checksum
            )
        except DomainError as error:
            assert error.http_status in (413, 460)
            continue
        offset, accepted = offset + written, accepted + data
    staging.path("u.part").open("r+b").truncate(offset)  # what the next write does first
    assert staging.path("u.part").read_bytes() == accepted and offset <= LENGTH

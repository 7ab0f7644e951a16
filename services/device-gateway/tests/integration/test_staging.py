"""Staging files on a real filesystem: whatever chunks arrive, the file holds exactly the
accepted bytes in order, the confirmed offset is its length and the running sha256 is theirs."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from custody_platform.errors import DomainError
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.tus import Checksum, parse_checksum
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
    assert staging.sha256("u.part", offset) == hashlib.sha256(accepted).hexdigest()


def test_chunks_reuse_the_staging_threads(tmp_path: Path) -> None:
    """Every chunk is hashed and written by threads kept from the chunks before it, so a
    client sending many small PATCHes starts no threads after the first."""
    asyncio.run(_many_chunks(tmp_path))


async def _many_chunks(root: Path) -> None:
    staging, data = StagingArea(root), bytes(range(256)) * 40
    staging.create("u.part")
    others = _staging_threads()  # other tests' staging areas in this process keep theirs
    await staging.append("u.part", 0, body(data[:512]), limit=len(data))
    kept = _staging_threads() - others
    for offset in range(512, len(data), 512):
        await staging.append("u.part", offset, body(data[offset : offset + 512]), limit=len(data))
    assert len(kept) == 2 and _staging_threads() - others == kept  # one hashes, one writes
    assert staging.sha256("u.part", len(data)) == hashlib.sha256(data).hexdigest()


def _staging_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("staging")}


@pytest.mark.parametrize("algorithm", ["sha256", "sha1"])
def test_a_first_chunk_is_held_against_its_own_checksum(tmp_path: Path, algorithm: str) -> None:
    """At offset 0 a sha256 chunk checksum shares the file's running hash; either way a
    wrong checksum refuses the chunk (460) and a right one leaves the file's hash right."""
    asyncio.run(_first_chunks(tmp_path, algorithm))


async def _first_chunks(root: Path, algorithm: str) -> None:
    staging, data = StagingArea(root), bytes(range(256)) * 9
    staging.create("u.part")

    def checksum(content: bytes) -> Checksum | None:
        digest = hashlib.new(algorithm, content).digest()
        return parse_checksum(f"{algorithm} " + base64.b64encode(digest).decode())

    with pytest.raises(DomainError) as refused:
        await staging.append("u.part", 0, body(data), limit=len(data), checksum=checksum(b"x"))
    assert refused.value.http_status == 460
    written = await staging.append(
        "u.part", 0, body(data), limit=len(data), checksum=checksum(data)
    )
    assert written == len(data) and staging.path("u.part").read_bytes() == data
    assert staging.sha256("u.part", len(data)) == hashlib.sha256(data).hexdigest()

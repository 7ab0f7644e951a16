"""Per-block sha256 of originals, so a byte range can be verified without reading the rest.

The block list is computed in one pass that also verifies the whole-object sha256 (the
store's verified read), so the blocks are bound to the hash taken at ingest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from custody_platform.objectstore import IntegrityError, ObjectStore

DIGEST = 32


def compute_blocks(store: ObjectStore, key: str, block_size: int) -> bytes:
    """Concatenated sha256 digests of each block; IntegrityError if the object was altered."""
    digests = bytearray()
    for block in _rechunk(store.open(key, chunk_size=block_size), block_size):
        digests += hashlib.sha256(block).digest()
    return bytes(digests)


def _rechunk(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def read_range_verified(
    store: ObjectStore, key: str, hashes: bytes, block_size: int, offset: int, length: int
) -> Iterator[bytes]:
    """Bytes [offset, offset+length), read block by block; each block is checked against its
    recorded hash before any of it is returned. Memory: one block."""
    end = offset + length
    for index in range(offset // block_size, (end - 1) // block_size + 1 if length else 0):
        start = index * block_size
        block = b"".join(store.open_range(key, start, block_size, chunk_size=block_size))
        expected = hashes[index * DIGEST : (index + 1) * DIGEST]
        if hashlib.sha256(block).digest() != expected:
            raise IntegrityError(f"{key}: block {index} does not match its recorded sha256")
        yield block[max(0, offset - start) : end - start]

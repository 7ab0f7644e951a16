"""The ledger's hashing (RFC 6962 / RFC 9162): leaf and node hashes, inclusion proofs, and
the exact text a tree head's signature covers. Standard library only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def root_from_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes | None:
    """The root the audit path leads to, or None when it cannot be one for (index, size)
    (RFC 9162 2.1.3.2)."""
    if not 0 <= index < size:
        return None
    fn, sn, result = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return result if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    return root_from_inclusion(leaf, index, size, path) == root


def signed_text(tree_size: int, root_hash: bytes, timestamp_ms: int, key_id: str) -> bytes:
    """What a tree head's signature covers: canonical JSON of its four fields."""
    document = {
        "key_id": key_id,
        "root_hash": root_hash.hex(),
        "timestamp_ms": timestamp_ms,
        "tree_size": tree_size,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(raw_public_key: bytes) -> str:
    """The key's SHA-256 (hex); its first 16 characters are the key id."""
    return hashlib.sha256(raw_public_key).hexdigest()

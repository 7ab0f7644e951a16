"""What a signed tree head (STH) signs; pure, stdlib only (the offline verifier uses it too).

The signature covers one canonical JSON text, so anyone can rebuild the exact bytes:
    {"key_id":…,"root_hash":<hex>,"timestamp_ms":…,"tree_size":…}
"""

from __future__ import annotations

import hashlib
import json

SIGNATURE_ALGORITHM = "Ed25519"


def signed_text(tree_size: int, root_hash: bytes, timestamp_ms: int, key_id: str) -> bytes:
    document = {
        "key_id": key_id,
        "root_hash": root_hash.hex(),
        "timestamp_ms": timestamp_ms,
        "tree_size": tree_size,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def key_id_of(raw_public_key: bytes) -> str:
    """A short, stable name for a public key: the start of the SHA-256 of its raw bytes."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]

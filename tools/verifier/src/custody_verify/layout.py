"""Where things are in a disclosure package (format custody-disclosure/1)."""

from __future__ import annotations

FORMAT = "custody-disclosure/1"
MANIFEST = "manifest.json"
MANIFEST_SIGNATURE = "manifest.sig"  # hex Ed25519 signature of manifest.json's exact bytes
TREE_HEAD = "tree_head.json"
PUBLIC_KEY = "public_key.pem"
RECEIPT = "receipt.html"


def trail_path(evidence_id: object) -> str:
    return f"audit/{evidence_id}.json"

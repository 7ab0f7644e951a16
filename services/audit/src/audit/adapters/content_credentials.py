"""What a redacted copy's C2PA manifest says (decision 0049), for the disclosure package's
manifest: its label, c2pa's validation state, who signed it and the original it names.
The state is c2pa's without trust anchors ("Valid" at best): the recipient's verifier anchors
it in the installation's CA. Blocking; run in a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import c2pa

SIGNED_TYPES = frozenset({"video/mp4", "image/jpeg", "image/png"})


def describe(path: Path, content_type: str) -> dict[str, Any]:
    """The copy's C2PA record; "absent" for a copy made before redacted copies were signed,
    "unreadable" when c2pa cannot parse the file as its type."""
    if content_type not in SIGNED_TYPES:
        return {"validation_state": "absent"}
    try:
        with path.open("rb") as file:
            reader = c2pa.Reader.try_create(content_type, file)
            if reader is None:
                return {"validation_state": "absent"}
            with reader:
                manifest: dict[str, Any] = reader.get_active_manifest() or {}
                state = reader.get_validation_state()
    except c2pa.C2paError as exc:
        return {"validation_state": "unreadable", "reason": str(exc)[:200]}
    return {
        "active_manifest": manifest.get("label"),
        "validation_state": state,
        "signed_by": manifest.get("signature_info", {}).get("issuer"),
        **_original(manifest),
    }


def _original(manifest: dict[str, Any]) -> dict[str, Any]:
    parents = [i for i in manifest.get("ingredients", []) if i.get("relationship") == "parentOf"]
    metadata = parents[0].get("metadata", {}) if parents else {}
    return {
        "original_sha256": metadata.get("org.custody.sha256"),
        "original_evidence_id": metadata.get("org.custody.evidence_id"),
    }

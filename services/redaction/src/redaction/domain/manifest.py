"""The redaction manifest: what was masked in a redacted copy, where, and on whose choice.

Serialized with sorted keys and no whitespace so the same render gives the same bytes; its
sha256 goes into the custody ledger."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redaction.domain.media import MaskRecord, RenderPlan, RenderResult

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ManifestSubject:
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    original_sha256: str
    requested_by: uuid.UUID
    reviewed_by: uuid.UUID
    reviewed_at: datetime


def build_manifest(subject: ManifestSubject, plan: RenderPlan, result: RenderResult) -> bytes:
    body: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "job_id": str(subject.job_id),
        "org_id": str(subject.org_id),
        "original": {"evidence_id": str(subject.evidence_id), "sha256": subject.original_sha256},
        "output": {
            "sha256": result.sha256,
            "size": result.size,
            "frames": result.frames,
            "media": result.media.model_dump(mode="json"),
        },
        "requested_by": str(subject.requested_by),
        "reviewed_by": str(subject.reviewed_by),
        "reviewed_at": subject.reviewed_at.isoformat(),
        "plan": plan.model_dump(mode="json", exclude={"manual_masks"}),
        "masks": [_mask(m, plan, subject.reviewed_by) for m in result.masks],
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _mask(record: MaskRecord, plan: RenderPlan, reviewer: uuid.UUID) -> dict[str, Any]:
    """Auto masks were chosen by the reviewer's selection over the detector's tracks; manual
    masks were drawn by the reviewer."""
    return {
        **record.model_dump(mode="json"),
        "chosen_by": str(reviewer),
        "choice": "drawn" if record.kind == "manual" else f"selection:{plan.selection}",
    }

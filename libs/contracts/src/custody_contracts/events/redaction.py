"""The redaction service's events: job progress and outcomes."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from custody_contracts import topics
from custody_contracts.events.base import Event


class RedactionProgress(Event):
    """How far a running redaction step is; published at most every few seconds per job."""

    topic: ClassVar[str] = topics.REDACTION
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_progress.v1"] = "redaction.redaction_progress.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    step: Literal["analyse", "render"]
    percent: float
    frames_done: int
    frames_total: int
    fps: float


class RedactionStatusChanged(Event):
    """A job moved between states not covered by RedactionCompleted / RedactionFailed:
    analysing, awaiting_review, rendering, cancelled."""

    topic: ClassVar[str] = topics.REDACTION
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.status_changed.v1"] = "redaction.status_changed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    previous_status: str
    status: str
    actor_user_id: uuid.UUID | None = None  # None when the worker moved it


class RedactionCompleted(Event):
    """The redacted copy is stored; `object_key`/`sha256` are its bytes, the manifest lists
    every mask applied."""

    topic: ClassVar[str] = topics.REDACTION
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_completed.v1"] = "redaction.redaction_completed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    size: int
    derived_evidence_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    manifest_key: str | None = None
    manifest_sha256: str | None = None


class RedactionFailed(Event):
    topic: ClassVar[str] = topics.REDACTION
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_failed.v1"] = "redaction.redaction_failed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    reason: str

"""What the job worker needs, wired by bootstrap: the pipeline, storage, evidence, timing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from custody_contracts.principal import Principal
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters.evidence import DerivedCopy
from redaction.domain.media import Analysis, Progress, RenderPlan, RenderResult

ProgressFn = Callable[[Progress], None]
CancelledFn = Callable[[], bool]


class Pipeline(Protocol):
    """`redaction.pipeline` in production (the module itself satisfies this)."""

    def analyse(
        self, src: Path, *, on_progress: ProgressFn, cancelled: CancelledFn
    ) -> Analysis: ...

    def render(
        self,
        src: Path,
        dst: Path,
        analysis: Analysis,
        plan: RenderPlan,
        *,
        on_progress: ProgressFn,
        cancelled: CancelledFn,
    ) -> RenderResult: ...


class ItemAccess(Protocol):
    """Whether a caller may see an evidence item, asked of evidence as the caller."""

    async def visible(self, principal: Principal, evidence_id: uuid.UUID) -> bool: ...


class Evidence(Protocol):
    async def download(
        self, evidence_id: uuid.UUID, org_id: uuid.UUID, sha256: str, dst: Path
    ) -> None: ...

    async def ingest_derived(self, copy: DerivedCopy) -> uuid.UUID: ...


class CaCertificate(Protocol):
    """The installation's C2PA CA certificate, which verifiers pin (adapters/c2pa_keys.py)."""

    def ca_certificate_pem(self) -> bytes: ...


class ContentCredentials(Protocol):
    """Signs a copy's C2PA manifest with its organization's key (adapters/c2pa_signing.py)."""

    def sign(
        self, org_id: uuid.UUID, definition: dict[str, Any], media_type: str, src: Path, dst: Path
    ) -> None: ...


@dataclass(frozen=True)
class WorkerTiming:
    lease: timedelta
    heartbeat_s: float
    progress_s: float
    poll_s: float
    max_attempts: int


@dataclass(frozen=True)
class WorkerDeps:
    uow_factory: Callable[[], UnitOfWork]  # the worker entrypoint's; steps get an open one
    store: ObjectStore
    evidence: Evidence
    pipeline: Pipeline
    credentials: ContentCredentials
    timing: WorkerTiming
    work_dir: Path
    worker_id: str

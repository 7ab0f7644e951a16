"""Between the pipeline's thread and the event loop: the latest progress (written by the
pipeline, read by the heartbeat) and the stop flag (set by the heartbeat, polled by the
pipeline through `cancelled()`). The heartbeat's loop is the worker entrypoint's; one beat
is here."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from custody_contracts.events.redaction import RedactionProgress
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import repository
from redaction.adapters.metrics import FRAMES
from redaction.adapters.orm import Job
from redaction.domain.jobs import percent
from redaction.domain.media import Progress
from redaction.service_layer.ports import WorkerDeps


@dataclass
class Monitor:
    stop: asyncio.Event  # the service is shutting down
    _flag: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _progress: Progress | None = None
    cancel_requested: bool = False  # a user asked; the job ends cancelled
    lease_lost: bool = False  # another worker owns the job now; leave it alone

    def report(self, progress: Progress) -> None:
        """Called from the pipeline's thread; counts the frames done since the last report."""
        with self._lock:
            last = self._progress
            self._progress = progress
        before = last.frames_done if last is not None and last.step == progress.step else 0
        if progress.frames_done > before:
            FRAMES.labels("redaction", progress.step).inc(progress.frames_done - before)

    def latest(self) -> Progress | None:
        with self._lock:
            return self._progress

    def cancelled(self) -> bool:
        return self._flag.is_set()

    def halt(self) -> None:
        self._flag.set()

    @property
    def shutting_down(self) -> bool:
        return self.stop.is_set()

    def heard(self, cancel: bool | None) -> None:
        """What a heartbeat learned: None, the lease is lost; True, a user cancelled. Either,
        or shutdown, stops the pipeline."""
        if cancel is None:
            self.lease_lost = True
        self.cancel_requested = bool(cancel)
        if cancel is None or cancel or self.shutting_down:
            self.halt()


async def beat(
    uow: UnitOfWork, deps: WorkerDeps, job: Job, progress: Progress | None, publish: bool
) -> bool | None:
    """One heartbeat: renews the lease and stores progress (published too when `publish`).
    Whether a user asked to cancel; None when the lease is no longer ours."""
    values = None
    if progress is not None:
        values = (progress.frames_done, progress.frames_total, progress.fps)
    cancel = await repository.renew_lease(
        uow.session, job.id, deps.worker_id, deps.timing.lease, values
    )
    if cancel is not None and publish and progress is not None:
        uow.emit(_progress_event(job, progress), subject=f"redaction_job/{job.id}")
    return cancel


def _progress_event(job: Job, progress: Progress) -> RedactionProgress:
    return RedactionProgress(
        job_id=job.id,
        evidence_id=job.evidence_id,
        org_id=job.org_id,
        step=progress.step,
        percent=percent(progress.frames_done, progress.frames_total),
        frames_done=progress.frames_done,
        frames_total=progress.frames_total,
        fps=round(progress.fps, 2),
    )

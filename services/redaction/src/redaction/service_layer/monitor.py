"""Between the pipeline's thread and the event loop: the latest progress (written by the
pipeline, read by the heartbeat) and the stop flag (set by the heartbeat, polled by the
pipeline through `cancelled()`)."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

from custody_contracts.events.redaction import RedactionProgress

from redaction.adapters import repository
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
        with self._lock:
            self._progress = progress

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


async def heartbeat(deps: WorkerDeps, job: Job, monitor: Monitor) -> None:
    """Renews the lease, stores progress, publishes it (throttled) and watches for cancel,
    lease loss and shutdown until cancelled itself."""
    last_published = 0.0
    published: Progress | None = None
    while True:
        await asyncio.sleep(deps.timing.heartbeat_s)
        progress = monitor.latest()
        publish = (
            progress is not None
            and progress != published
            and time.monotonic() - last_published >= deps.timing.progress_s
        )
        cancel = await _beat(deps, job, progress, publish)
        if publish:
            last_published, published = time.monotonic(), progress
        if cancel is None:
            monitor.lease_lost = True
        monitor.cancel_requested = bool(cancel)
        if cancel is None or cancel or monitor.shutting_down:
            monitor.halt()


async def _beat(
    deps: WorkerDeps, job: Job, progress: Progress | None, publish: bool
) -> bool | None:
    values = None
    if progress is not None:
        values = (progress.frames_done, progress.frames_total, progress.fps)
    async with deps.uow_factory() as uow:
        cancel = await repository.renew_lease(
            uow.session, job.id, deps.worker_id, deps.timing.lease, values
        )
        if cancel is not None and publish and progress is not None:
            uow.emit(_progress_event(job, progress), subject=f"redaction_job/{job.id}")
        await uow.commit()
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

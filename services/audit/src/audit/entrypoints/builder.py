"""The disclosure builder: a background worker of the audit service that builds the packages
asked for with CreateDisclosure, one at a time per process, each under a lease in its build
row. It owns the transactions between the steps (no transaction is open while originals
stream). A builder that dies leaves its lease to run out; the next claim starts the build
over (as its own object), up to MAX_ATTEMPTS claims. See decision 0035."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta

import structlog
from custody_contracts.principal import Principal
from custody_platform.errors import DomainError
from custody_platform.grpc.context import bind_call_context
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import disclosures as rows
from audit.adapters.orm import Disclosure, DisclosureBuild
from audit.service_layer import disclosures, packaging
from audit.service_layer.packaging import Build, Packager
from audit.service_layer.tree_heads import sign_tree_head

log = structlog.get_logger()

LEASE = timedelta(seconds=30)
HEARTBEAT_SECONDS = 1.0  # progress is written (and the lease renewed) this often
POLL_SECONDS = 5.0  # a build asked for by another replica, or left by a dead builder
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(seconds=10)  # after an unexpected error, before the next claim

UowFactory = Callable[[], UnitOfWork]


class LeaseLost(Exception):
    """Another builder holds the build now (this one stalled past its lease)."""


class DisclosureBuilder:
    """ServiceParts worker; ``wake()`` after committing a new build skips the poll's wait."""

    def __init__(self, uow_factory: UowFactory, packager: Packager) -> None:
        self._uow, self._packager = uow_factory, packager
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await self.build_next(stop)
            except Exception as exc:  # a database hiccup must not end the builder
                log.warning("disclosure builder failed", error=repr(exc))
                worked = False
            if not worked:
                await self._idle(stop)

    async def _idle(self, stop: asyncio.Event) -> None:
        waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        await asyncio.wait(waits, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()
        self._wake.clear()

    async def build_next(self, stop: asyncio.Event) -> bool:
        """Claims and builds one; False when there was none to claim."""
        async with self._uow() as uow:
            row = await rows.claim_build(uow.session, LEASE)
            await uow.commit()
        if row is None:
            return False
        if row.attempts > MAX_ATTEMPTS:
            await self._fail(row, f"the build was interrupted {MAX_ATTEMPTS} times")
            return True
        log.info("disclosure build claimed", disclosure_id=str(row.id), attempt=row.attempts)
        progress: list[Build] = []
        task = asyncio.create_task(self._build(row, progress))
        await self._watch(row, task, progress, stop)
        return True

    async def _watch(
        self,
        row: DisclosureBuild,
        task: asyncio.Task[None],
        progress: list[Build],
        stop: asyncio.Event,
    ) -> None:
        """Renews the lease with the progress while the build runs; on stop, hands it back."""
        while not task.done():
            await asyncio.wait([task], timeout=HEARTBEAT_SECONDS)
            if task.done():
                break
            if stop.is_set():
                task.cancel()
                await self._settle(row, task, lease_until=rows.in_database_time(timedelta(0)))
                return
            if not await self._heartbeat(row, progress):
                task.cancel()
        await self._settle(row, task)

    async def _heartbeat(self, row: DisclosureBuild, progress: list[Build]) -> bool:
        """False once another builder holds the build; a failed write keeps building (the
        lease may run out, and then the attempt guard keeps this builder from finishing)."""
        values: dict[str, object] = {"lease_until": rows.in_database_time(LEASE)}
        if progress:
            values |= {"items_done": progress[0].items_done, "bytes_done": progress[0].bytes_done}
        try:
            async with self._uow() as uow:
                held = await rows.update_build(uow.session, row.id, row.attempts, **values)
                await uow.commit()
        except Exception as exc:
            log.warning("disclosure heartbeat failed", disclosure_id=str(row.id), error=repr(exc))
            return True
        return held

    async def _settle(
        self, row: DisclosureBuild, task: asyncio.Task[None], lease_until: object = None
    ) -> None:
        """What the build's end means: done, failed for good, or to be tried again."""
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait([task])
        error = None if task.cancelled() else task.exception()
        if task.cancelled() or isinstance(error, LeaseLost):
            if lease_until is not None:  # stopping: the next builder may claim it at once
                await self._release(row, lease_until)
        elif isinstance(error, DomainError):
            await self._fail(row, str(error))
        elif error is not None:
            log.warning("disclosure build failed", disclosure_id=str(row.id), error=repr(error))
            if row.attempts >= MAX_ATTEMPTS:
                await self._fail(row, f"the package could not be built ({type(error).__name__})")
            else:
                await self._release(row, rows.in_database_time(RETRY_AFTER))

    async def _release(self, row: DisclosureBuild, lease_until: object) -> None:
        async with self._uow() as uow:
            await rows.update_build(uow.session, row.id, row.attempts, lease_until=lease_until)
            await uow.commit()

    async def _fail(self, row: DisclosureBuild, reason: str) -> None:
        async with self._uow() as uow:
            await disclosures.record_failed(uow, row, row.attempts, reason)
            await uow.commit()
        log.info("disclosure build failed", disclosure_id=str(row.id), reason=reason)

    async def _build(self, row: DisclosureBuild, progress: list[Build]) -> None:
        """The package, as the principal who asked for it; the row is recorded only once the
        whole ZIP is stored, in the transaction that marks the build ready."""
        principal = Principal.model_validate(row.principal)
        bind_call_context(principal, None)  # evidence authorizes each read as the requester
        build = await packaging.resume(self._packager, principal, row)
        progress.append(build)
        disclosure = await package(self._uow, self._packager, build, row.source_address)
        async with self._uow() as uow:
            held = await rows.update_build(
                uow.session,
                row.id,
                row.attempts,
                **disclosures.ready_values(build),
            )
            if not held:
                raise LeaseLost(str(row.id))
            await disclosures.record_created(uow, principal, disclosure, row.source_address)
            await uow.commit()
        log.info("disclosure built", disclosure_id=str(row.id), size=disclosure.size)


async def package(
    uow_factory: UowFactory, packager: Packager, build: Build, source: str | None
) -> Disclosure:
    """The stored package's row, not yet recorded. The head is committed before the trails
    proven against it are read."""
    signer = packager.key.current()  # one key for the head and the package, if it rotates
    async with packaging.open_upload(build) as upload:
        await packaging.add_originals(build, upload, source)
        async with uow_factory() as uow:
            head = await sign_tree_head(uow, signer)
            await uow.commit()
        async with uow_factory() as uow:
            await packaging.add_trails(uow, build, upload, head)
        await packaging.add_documents(build, upload, head, signer)
    return packaging.disclosure_row(build, upload, head)

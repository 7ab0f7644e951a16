"""Work that spans several transactions, each opened and committed here: signing a tree head
on a schedule whenever the ledger has grown, and building a disclosure package."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from custody_contracts.principal import Principal
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import metrics
from audit.adapters.orm import Disclosure
from audit.adapters.signing_key import TreeHeadSigner
from audit.domain.disclosures import DisclosureRequest
from audit.service_layer import disclosures, packaging
from audit.service_layer.packaging import Packager
from audit.service_layer.tree_heads import sign_if_grown, sign_tree_head, signing_state

log = structlog.get_logger()


def tree_head_signer(
    uow_factory: Callable[[], UnitOfWork], signer: TreeHeadSigner, interval: float
) -> Callable[[asyncio.Event], Awaitable[None]]:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await _sign_once(uow_factory, signer)
            except Exception as exc:  # a database hiccup must not end the schedule
                log.warning("tree head signing failed", error=repr(exc))
            try:  # apart: a signer that keeps failing is what the gauges must show
                await measure(uow_factory)
            except Exception as exc:
                log.warning("ledger measure failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    return run


async def _sign_once(uow_factory: Callable[[], UnitOfWork], signer: TreeHeadSigner) -> None:
    async with uow_factory() as uow:
        head = await sign_if_grown(uow, signer)
        await uow.commit()
    if head is not None:
        log.info("tree head signed", tree_size=head.tree_size, head_id=head.id)


async def measure(uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:  # the head is read while its session is open
        size, head = await signing_state(uow)
        metrics.LEDGER_ENTRIES.labels("audit").set(size)
        if head is not None:
            metrics.SIGNED_ENTRIES.labels("audit").set(head.tree_size)
            metrics.SIGNED_AT.labels("audit").set(head.timestamp_ms / 1000)


async def package_disclosure(
    uow_factory: Callable[[], UnitOfWork],
    packager: Packager,
    principal: Principal,
    request: DisclosureRequest,
    source: str | None,
) -> tuple[Disclosure, str]:
    """The stored package's row and its acknowledgement token. No transaction is open while
    originals stream; the head is committed before the trails proven against it are read;
    the row is recorded only once the whole ZIP is stored."""
    build = await packaging.start(packager, principal, request)
    async with packaging.open_upload(build) as upload:
        await packaging.add_originals(build, upload, source)
        async with uow_factory() as uow:
            head = await sign_tree_head(uow, packager.signer)
            await uow.commit()
        async with uow_factory() as uow:
            await packaging.add_trails(uow, build, upload, head)
        await packaging.add_documents(build, upload, head)
    disclosure = packaging.disclosure_row(build, upload, head)
    async with uow_factory() as uow:
        await disclosures.record_created(uow, principal, disclosure, source)
        await uow.commit()
    return disclosure, build.token

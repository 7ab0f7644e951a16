"""Downloads: authorized and audited before the first byte, verified while streaming."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from functools import partial

from custody_contracts.principal import Principal
from custody_platform.metrics import OBJECT_INTEGRITY_FAILURES
from custody_platform.objectstore import IntegrityError, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters.storage import iterate_in_threads
from evidence.domain.access import ensure_download
from evidence.service_layer.access import item_for_caller


class EvidenceCorrupted(Exception):
    """The stored original is gone or no longer matches the hash taken at ingest (recorded
    in the audit ledger before this is raised)."""


@dataclass(frozen=True)
class Download:
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    user_id: uuid.UUID | None


async def authorize_download(
    uow: UnitOfWork,
    principal: Principal | None,
    evidence_id: uuid.UUID,
    source_address: str | None,
    share_token: str = "",
) -> Download:
    """Checks the caller may download, and commits the audit record: a download that starts
    is always in the chain of custody, even if the stream breaks."""
    found = await item_for_caller(uow, principal, evidence_id, share_token)
    ensure_download(found.permission)
    item = found.item
    actor = (
        Actor.of(principal, source_address)
        if principal and not share_token
        else Actor("public", "share-link", None, source_address)
    )
    uow.audit(
        actor,
        "evidence.downloaded",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        case_id=str(item.case_id),
        filename=item.filename,
        via_share_link=bool(share_token),
    )
    await uow.commit()
    user = principal.user_id if principal else None
    return Download(item.id, item.org_id, item.object_key, item.sha256, user)


async def stream_download(
    uow_factory: Callable[[], UnitOfWork], store: ObjectStore, download: Download, chunk_size: int
) -> AsyncIterator[bytes]:
    """The verified bytes; if the original is altered or missing, records the failure and
    raises EvidenceCorrupted."""
    opener = partial(store.open, download.object_key, chunk_size=chunk_size)
    async for chunk in stream_guarded(uow_factory, download, opener):
        yield chunk


async def stream_guarded(
    uow_factory: Callable[[], UnitOfWork],
    download: Download,
    opener: Callable[[], Iterator[bytes]],
) -> AsyncIterator[bytes]:
    """Opens and reads in worker threads; a missing or altered original is recorded."""
    try:
        async for chunk in iterate_in_threads(await asyncio.to_thread(opener)):
            yield chunk
    except (IntegrityError, ObjectNotFound) as exc:
        await record_integrity_failure(uow_factory, download, exc)
        raise EvidenceCorrupted(str(exc)) from exc


async def record_integrity_failure(
    uow_factory: Callable[[], UnitOfWork], download: Download, exc: Exception
) -> None:
    async with uow_factory() as uow:
        await _record_integrity_failure(uow, download, exc)


async def _record_integrity_failure(uow: UnitOfWork, download: Download, exc: Exception) -> None:
    OBJECT_INTEGRITY_FAILURES.labels("evidence").inc()
    uow.audit(
        Actor.service("evidence"),
        "evidence.integrity_failed",
        object_type="evidence",
        object_id=download.evidence_id,
        org_ids=(download.org_id,),
        object_hash=download.sha256,
        reason=f"{type(exc).__name__}: {exc}",
        object_key=download.object_key,
        requested_by=str(download.user_id or "share-link"),
    )
    await uow.commit()

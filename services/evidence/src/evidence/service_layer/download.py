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


@dataclass(frozen=True)
class Download:
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    user_id: uuid.UUID | None


class EvidenceCorrupted(Exception):
    """The stored original is gone or no longer matches the hash taken at ingest. The
    entrypoint records it (record_integrity_failure) in a transaction of its own."""

    def __init__(self, download: Download, cause: Exception) -> None:
        super().__init__(str(cause))
        self.download = download
        self.cause = cause


def reader(principal: Principal | None, share_token: str, source: str | None) -> Actor:
    """Who reads an original: the signed-in user, or the public through a share link."""
    if share_token or principal is None:
        return Actor("public", "share-link", None, source)
    return Actor.of(principal, source)


async def authorize_download(
    uow: UnitOfWork,
    principal: Principal | None,
    evidence_id: uuid.UUID,
    source_address: str | None,
    share_token: str = "",
) -> Download:
    """Checks the caller may download, and audits it. The entrypoint commits the record before
    the first byte: a download that starts is in the chain of custody even if it breaks."""
    found = await item_for_caller(uow, principal, evidence_id, share_token)
    ensure_download(found.permission)
    item = found.item
    uow.audit(
        reader(principal, share_token, source_address),
        "evidence.downloaded",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        case_id=str(item.case_id),
        filename=item.filename,
        via_share_link=bool(share_token),
    )
    user = principal.user_id if principal else None
    return Download(item.id, item.org_id, item.object_key, item.sha256, user)


async def stream_download(
    store: ObjectStore, download: Download, chunk_size: int
) -> AsyncIterator[bytes]:
    """The verified bytes; EvidenceCorrupted if the original is altered or missing."""
    opener = partial(store.open, download.object_key, chunk_size=chunk_size)
    async for chunk in stream_guarded(download, opener):
        yield chunk


async def stream_guarded(
    download: Download, opener: Callable[[], Iterator[bytes]]
) -> AsyncIterator[bytes]:
    """Opens and reads in worker threads; a missing or altered original is EvidenceCorrupted."""
    try:
        async for chunk in iterate_in_threads(await asyncio.to_thread(opener)):
            yield chunk
    except (IntegrityError, ObjectNotFound) as exc:
        raise EvidenceCorrupted(download, exc) from exc


def record_integrity_failure(uow: UnitOfWork, failure: EvidenceCorrupted) -> None:
    OBJECT_INTEGRITY_FAILURES.labels("evidence").inc()
    download, cause = failure.download, failure.cause
    uow.audit(
        Actor.service("evidence"),
        "evidence.integrity_failed",
        object_type="evidence",
        object_id=download.evidence_id,
        org_ids=(download.org_id,),
        object_hash=download.sha256,
        reason=f"{type(cause).__name__}: {cause}",
        object_key=download.object_key,
        requested_by=str(download.user_id or "share-link"),
    )

"""Downloads: authorized and audited before the first byte, verified while streaming."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.metrics import OBJECT_INTEGRITY_FAILURES
from custody_platform.objectstore import IntegrityError, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters.storage import read_verified
from evidence.domain.model import ensure_downloadable
from evidence.service_layer.cases import get_evidence


class EvidenceCorrupted(Exception):
    """The stored original is gone or no longer matches the hash taken at ingest."""


@dataclass(frozen=True)
class Download:
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    user_id: uuid.UUID


async def authorize_download(
    uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID, source_address: str | None
) -> Download:
    """Checks the caller may download, and commits the audit record: a download that starts
    is always in the chain of custody, even if the stream breaks."""
    view = await get_evidence(uow, principal, evidence_id)
    ensure_downloadable(view.permission)
    item = view.item
    uow.audit(
        Actor.of(principal, source_address),
        "evidence.downloaded",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        case_id=str(item.case_id),
        filename=item.filename,
    )
    await uow.commit()
    return Download(item.id, item.org_id, item.object_key, item.sha256, principal.user_id)


async def stream_download(
    uow_factory: Callable[[], UnitOfWork], store: ObjectStore, download: Download, chunk_size: int
) -> AsyncIterator[bytes]:
    """The verified bytes; if the original is altered or missing, records the failure and
    raises EvidenceCorrupted."""
    try:
        async for chunk in read_verified(store, download.object_key, chunk_size):
            yield chunk
    except (IntegrityError, ObjectNotFound) as exc:
        async with uow_factory() as uow:
            await _record_integrity_failure(uow, download, exc)
        raise EvidenceCorrupted(str(exc)) from exc


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
        requested_by=str(download.user_id),
    )
    await uow.commit()

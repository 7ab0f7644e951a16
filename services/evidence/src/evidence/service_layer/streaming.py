"""Viewing: a byte range streamed with every block verified; audited before the first byte.

Block hashes are normally computed by the processing worker after ingest; a stream that
comes first computes them itself (one verified pass) and records them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.objectstore import IntegrityError, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.blocks import compute_blocks, read_range_verified
from evidence.adapters.orm import EvidenceItem
from evidence.service_layer.access import item_for_caller
from evidence.service_layer.download import (
    Download,
    EvidenceCorrupted,
    record_integrity_failure,
    stream_guarded,
)


@dataclass(frozen=True)
class RangeStream:
    download: Download
    offset: int
    length: int
    hashes: bytes
    block_size: int


async def authorize_stream(
    uow_factory: Callable[[], UnitOfWork],
    store: ObjectStore,
    caller: tuple[Principal | None, str],
    item_id: uuid.UUID,
    span: tuple[int, int],
    source_address: str | None,
    block_size: int,
) -> RangeStream:
    """Checks access and the range, makes sure the block hashes exist, and commits the audit
    record. EvidenceCorrupted (recorded) when the original fails verification on the way."""
    principal, share_token = caller
    async with uow_factory() as uow:
        found = await item_for_caller(uow, principal, item_id, share_token)
        item = found.item
        offset, length = span
        if offset < 0 or length < 0 or offset > item.size:
            raise InvalidArgument("range outside the evidence")
        length = min(length or item.size - offset, item.size - offset)
        user = principal.user_id if principal else None
        download = Download(item.id, item.org_id, item.object_key, item.sha256, user)
        try:
            hashes, size = await _blocks(uow, store, item.object_key, item.sha256, block_size)
        except (IntegrityError, ObjectNotFound) as exc:
            failure: Exception | None = exc
        else:
            failure = None
            _audit_view(uow, item, (principal, share_token, source_address), offset, length)
            await uow.commit()
    if failure is not None:  # recorded in its own transaction: this one only read
        await record_integrity_failure(uow_factory, download, failure)
        raise EvidenceCorrupted(str(failure)) from failure
    return RangeStream(download, offset, length, hashes, size)


def _audit_view(
    uow: UnitOfWork,
    item: EvidenceItem,
    caller: tuple[Principal | None, str, str | None],
    offset: int,
    length: int,
) -> None:
    principal, share_token, source_address = caller
    actor = _actor(principal, share_token, source_address)
    uow.audit(
        actor,
        "evidence.streamed",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        offset=offset,
        length=length,
        via_share_link=bool(share_token),
    )


def _actor(principal: Principal | None, token: str, source: str | None) -> Actor:
    if token or principal is None:
        return Actor("public", "share-link", None, source)
    return Actor.of(principal, source)


async def _blocks(
    uow: UnitOfWork, store: ObjectStore, key: str, sha256: str, block_size: int
) -> tuple[bytes, int]:
    found = await repository.blocks_of(uow.session, sha256)
    if found is not None:
        return found.hashes, found.block_size
    hashes = await asyncio.to_thread(compute_blocks, store, key, block_size)
    await repository.save_blocks(uow.session, sha256, block_size, hashes)
    return hashes, block_size


async def stream_range(
    uow_factory: Callable[[], UnitOfWork], store: ObjectStore, stream: RangeStream
) -> AsyncIterator[bytes]:
    opener = partial(
        read_range_verified,
        store,
        stream.download.object_key,
        stream.hashes,
        stream.block_size,
        stream.offset,
        stream.length,
    )
    async for chunk in stream_guarded(uow_factory, stream.download, opener):
        yield chunk

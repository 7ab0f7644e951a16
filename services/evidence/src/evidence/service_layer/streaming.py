"""Viewing: a byte range streamed with every block verified; audited before the first byte.
A view-only holder gets bounded ranges only, never the whole file in one piece (0013).

Block hashes are normally computed by the processing worker after ingest; a stream that
comes first computes them itself (one verified pass) and records them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument
from custody_platform.objectstore import IntegrityError, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.blocks import compute_blocks, read_range_verified
from evidence.adapters.orm import EvidenceItem
from evidence.domain import access as rules
from evidence.service_layer.access import ItemAccess, item_for_caller
from evidence.service_layer.download import Download, EvidenceCorrupted, reader, stream_guarded


@dataclass(frozen=True)
class RangeStream:
    download: Download
    offset: int
    length: int
    hashes: bytes
    block_size: int
    size: int = 0  # the whole item's

    @property
    def content_range(self) -> str:
        """The bytes sent, as HTTP writes them: "bytes first-last/size"."""
        if self.length == 0:
            return f"bytes */{self.size}"
        return f"bytes {self.offset}-{self.offset + self.length - 1}/{self.size}"


@dataclass(frozen=True)
class StreamLimits:
    block_size: int  # of the recorded block hashes
    view_range_bytes: int  # the most a view-only holder gets in one request (decision 0013)


async def authorize_stream(
    uow: UnitOfWork,
    store: ObjectStore,
    caller: tuple[Principal | None, str],
    item_id: uuid.UUID,
    span: tuple[int, int],
    source_address: str | None,
    limits: StreamLimits,
) -> RangeStream:
    """Checks access and the range, makes sure the block hashes exist, and audits the view
    (the entrypoint commits it before the first byte). A view-only holder gets at most
    limits.view_range_bytes from the requested offset, whatever it asked for.
    EvidenceCorrupted when the original fails verification on the way: nothing here is to
    be committed then."""
    principal, share_token = caller
    found = await item_for_caller(uow, principal, item_id, share_token)
    item = found.item
    offset, wanted = _clamp(item, *span)
    length = rules.served_length(found.permission, wanted, limits.view_range_bytes)
    user = principal.user_id if principal else None
    download = Download(item.id, item.org_id, item.object_key, item.sha256, user)
    try:
        hashes, size = await _blocks(uow, store, item.object_key, item.sha256, limits.block_size)
    except (IntegrityError, ObjectNotFound) as exc:
        raise EvidenceCorrupted(download, exc) from exc
    stream = RangeStream(download, offset, length, hashes, size, item.size)
    actor = reader(principal, share_token, source_address)
    _audit_view(uow, actor, found, stream, wanted, via_share_link=bool(share_token))
    return stream


def _audit_view(
    uow: UnitOfWork,
    actor: Actor,
    found: ItemAccess,
    stream: RangeStream,
    wanted: int,
    *,
    via_share_link: bool,
) -> None:
    item = found.item
    uow.audit(
        actor,
        "evidence.streamed",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        offset=stream.offset,
        length=stream.length,
        requested_length=wanted,
        permission=found.permission,
        via_share_link=via_share_link,
    )


def _clamp(item: EvidenceItem, offset: int, length: int) -> tuple[int, int]:
    """The requested range within the item; a length of 0 means to the end."""
    if offset < 0 or length < 0 or offset > item.size:
        raise InvalidArgument("range outside the evidence")
    return offset, min(length or item.size - offset, item.size - offset)


async def _blocks(
    uow: UnitOfWork, store: ObjectStore, key: str, sha256: str, block_size: int
) -> tuple[bytes, int]:
    found = await repository.blocks_of(uow.session, sha256)
    if found is not None:
        return found.hashes, found.block_size
    hashes = await asyncio.to_thread(compute_blocks, store, key, block_size)
    await repository.save_blocks(uow.session, sha256, block_size, hashes)
    return hashes, block_size


async def last_verified(uow: UnitOfWork, sha256: str) -> datetime | None:
    """When a read last checked blocks of this content (None: never yet)."""
    found = await repository.blocks_of(uow.session, sha256)
    return found.verified_at if found is not None else None


async def record_verified(uow: UnitOfWork, stream: RangeStream) -> None:
    """The whole range was sent, every block of it verified: the item's bytes were checked
    on a read now (the player shows when)."""
    if stream.length:
        await repository.mark_verified(uow.session, stream.download.sha256, datetime.now(UTC))


async def stream_range(store: ObjectStore, stream: RangeStream) -> AsyncIterator[bytes]:
    """The verified bytes of the range; EvidenceCorrupted if a block does not match."""
    opener = partial(
        read_range_verified,
        store,
        stream.download.object_key,
        stream.hashes,
        stream.block_size,
        stream.offset,
        stream.length,
    )
    async for chunk in stream_guarded(stream.download, opener):
        yield chunk

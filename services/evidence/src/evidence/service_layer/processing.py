"""After ingest, outside the Kafka handler: block hashes for verified range reads, media facts
and a poster thumbnail.

An item is claimed in a short transaction (SKIP LOCKED, so workers can scale): the claim
counts an attempt and leases the item for a while, then the lock is released before the
file is read, which can take minutes. A failure is retried after a delay, up to a bounded
number of attempts; then the item is marked failed with the error kept and audited. A
worker that dies mid-item leaves the lease to run out, and the item is claimed again.

The steps are here; the worker loop (entrypoints/workers.py) runs each claim, record_done
and record_failure in a transaction of its own, and work() in none.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

import structlog
from custody_platform.objectstore import IntegrityError, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.blocks import compute_blocks
from evidence.adapters.media import probe
from evidence.adapters.orm import EvidenceItem
from evidence.domain.media import MediaFacts
from evidence.service_layer.access import now
from evidence.service_layer.evidence_commands import changed

log = structlog.get_logger(__name__)
ACTOR = Actor.service("evidence")
MAX_ERROR = 2000


@dataclass(frozen=True)
class ProcessingPolicy:
    block_size: int
    max_attempts: int = 3
    lease: timedelta = timedelta(minutes=30)  # longer than any one item takes
    retry_delay: timedelta = timedelta(seconds=30)  # times the attempt number


@dataclass(frozen=True)
class Claim:
    id: uuid.UUID
    object_key: str
    sha256: str
    size: int
    content_type: str
    attempt: int
    needs_blocks: bool  # no block hashes are recorded for these bytes yet


@dataclass(frozen=True)
class Outcome:
    hashes: bytes | None
    facts: MediaFacts | None
    thumbnail_key: str | None


class ObjectCorrupted(Exception):
    """The original no longer matches its ingest hash: retrying cannot help."""


async def claim_next(uow: UnitOfWork, policy: ProcessingPolicy) -> Claim | None:
    """Leases the next due item and counts the attempt; None when none is due."""
    item = await repository.next_pending_item(uow.session, now())
    if item is None:
        return None
    item.processing_attempts += 1
    item.processing_after = now() + policy.lease
    known = await repository.blocks_of(uow.session, item.sha256) is not None
    return Claim(
        item.id,
        item.object_key,
        item.sha256,
        item.size,
        item.content_type,
        item.processing_attempts,
        needs_blocks=not known,
    )


async def work(store: ObjectStore, claim: Claim, block: int) -> Outcome:
    """The slow part, meant to run with no transaction open."""
    hashes = None
    if claim.needs_blocks:
        try:
            hashes = await asyncio.to_thread(compute_blocks, store, claim.object_key, block)
        except IntegrityError as exc:
            raise ObjectCorrupted(str(exc)) from exc
    facts, poster = await _probe(store, claim)
    key = None
    if poster is not None:
        key = f"derived/thumbnails/{claim.sha256}.jpg"
        await asyncio.to_thread(store.put, key, poster, overwrite=True)
    return Outcome(hashes, facts, key)


async def record_done(uow: UnitOfWork, claim: Claim, outcome: Outcome, block: int) -> None:
    item = await _claimed(uow, claim)
    if item is None:
        return
    if outcome.hashes is not None:
        await repository.save_blocks(uow.session, claim.sha256, block, outcome.hashes)
    if outcome.thumbnail_key is not None:
        item.thumbnail_key = outcome.thumbnail_key
    item.media = outcome.facts.as_json() if outcome.facts else None
    item.processing, item.processing_after, item.processing_error = "done", None, None
    changed(uow, ACTOR, item, "processed", outcome="done", media=item.media)


async def record_failure(
    uow: UnitOfWork, claim: Claim, exc: Exception, policy: ProcessingPolicy
) -> None:
    """Schedules a retry, or marks the item failed: after the last attempt, or at once when
    the original is corrupted."""
    item = await _claimed(uow, claim)
    if item is None:
        return
    corrupted = isinstance(exc, ObjectCorrupted)
    error = f"integrity: {exc}" if corrupted else f"{type(exc).__name__}: {exc}"
    item.processing_error = error[:MAX_ERROR]
    if corrupted or claim.attempt >= policy.max_attempts:
        item.processing, item.processing_after = "failed", None
        changed(
            uow,
            ACTOR,
            item,
            "processed",
            outcome="failed",
            reason=item.processing_error,
            attempts=claim.attempt,
        )
    else:
        item.processing_after = now() + policy.retry_delay * claim.attempt


async def _claimed(uow: UnitOfWork, claim: Claim) -> EvidenceItem | None:
    """The item, if it is still this claim's: another worker may have taken it over after
    the lease ran out."""
    item = await uow.session.get(EvidenceItem, claim.id, with_for_update=True)
    if item is None or item.processing != "pending" or item.processing_attempts != claim.attempt:
        return None
    return item


async def _probe(store: ObjectStore, claim: Claim) -> tuple[MediaFacts | None, bytes | None]:
    if not claim.content_type.startswith(("video/", "audio/", "image/")):
        return None, None
    try:
        return await asyncio.to_thread(probe, store, claim.object_key, claim.size)
    except Exception as exc:  # not media PyAV can read: the item stays, without facts
        log.info("evidence.probe_failed", evidence_id=str(claim.id), error=str(exc))
        return None, None

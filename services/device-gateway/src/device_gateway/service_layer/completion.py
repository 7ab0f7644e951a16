"""The last byte of an upload: check the running sha256 against the declared one and the
sniffed content against what the target allows, let the object store adopt the staged file
(no second copy), then close the target — all in one unit of work."""

from __future__ import annotations

import asyncio
import itertools

from custody_platform.errors import Conflict, Unauthenticated
from custody_platform.objectstore import IntegrityError, ObjectInfo, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters.orm import Upload, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.errors import ChecksumMismatch, ContentRefused, UploadGone
from device_gateway.domain.grants import GrantHolder
from device_gateway.domain.model import UploadStatus
from device_gateway.domain.sniff import HEAD_BYTES, UNKNOWN, accept_content, sniff
from device_gateway.service_layer.commands import device_actor
from device_gateway.service_layer.targets import Owner, Target, target_for_new, target_of

__all__ = ["Owner", "complete", "owner_actor", "recover", "target_for_new"]
_REFUSALS = (Conflict, IntegrityError, ContentRefused, Unauthenticated)


def object_key(upload: Upload) -> str:
    return f"uploads/{upload.id}"


def owner_actor(owner: Owner) -> Actor:
    if isinstance(owner, GrantHolder):
        return Actor("public", f"grant:{owner.grant_id}", owner.org_id, owner.source_address)
    return device_actor(owner)


async def complete(
    uow: UnitOfWork, store: ObjectStore, staging: StagingArea, owner: Owner, upload: Upload
) -> None:
    """Stores `uploads/<id>` only if the bytes hash to the declared sha256 (when declared)
    and their sniffed type is allowed. A refusal fails the upload (committed) and raises."""
    target = await target_of(uow, owner, upload)
    try:
        target.check_open()  # before storing: a closed command or revoked grant takes nothing
        info = await _verify_and_adopt(store, staging, upload, target.allowed_media_types)
    except _REFUSALS as exc:
        await _fail(uow, staging, upload, target, exc)
        raise _caller_error(exc) from None
    _mark_completed(uow, upload, target, info)


async def recover(uow: UnitOfWork, store: ObjectStore, owner: Owner, upload: Upload) -> None:
    """The staged file is gone: complete with the stored object if it is this upload's whole,
    verified file (stored by a finish whose commit was lost); else the upload is gone."""
    key = object_key(upload)
    try:
        info = await asyncio.to_thread(store.stat, key)
    except ObjectNotFound:
        info = None
    declared = upload.sha256_declared
    target = await target_of(uow, owner, upload)
    if info is None or info.size != upload.length or declared not in (None, info.sha256):
        upload.status = UploadStatus.FAILED  # a crash mid-adoption lost them: start anew
        uow.audit(target.actor, "upload.failed", **target.subject(upload), reason="bytes_lost")
        await uow.commit()
        raise UploadGone("the staged bytes of this upload are lost; start a new upload")
    head = await asyncio.to_thread(_stored_head, store, key)
    upload.offset = upload.length
    _set_type(upload, sniff(head))
    _mark_completed(uow, upload, target, info)


async def _verify_and_adopt(
    store: ObjectStore, staging: StagingArea, upload: Upload, allowed: tuple[str, ...]
) -> ObjectInfo:
    name = upload.staging_name
    sha256 = await asyncio.to_thread(staging.sha256, name, upload.length)
    if upload.sha256_declared is not None and sha256 != upload.sha256_declared:
        raise IntegrityError(f"staged sha256 {sha256} != declared {upload.sha256_declared}")
    _set_type(upload, accept_content(staging.head(name, HEAD_BYTES), allowed))
    # overwrite: an adopt whose commit was lost and whose staged file survived is redone.
    return await asyncio.to_thread(
        store.adopt,
        object_key(upload),
        staging.path(name),
        sha256=sha256,
        size=upload.length,
        overwrite=True,
    )


def _set_type(upload: Upload, sniffed: str) -> None:
    """The sniffed type wins over the declared one when the bytes are recognized."""
    if sniffed != UNKNOWN:
        upload.content_type = sniffed


def _stored_head(store: ObjectStore, key: str) -> bytes:
    chunks = store.open(key, chunk_size=HEAD_BYTES)
    try:
        return b"".join(itertools.islice(chunks, 1))
    finally:
        getattr(chunks, "close", lambda: None)()


def _mark_completed(uow: UnitOfWork, upload: Upload, target: Target, info: ObjectInfo) -> None:
    upload.status, upload.completed_at = UploadStatus.COMPLETED, utcnow()
    upload.object_key = info.key
    target.close(uow, upload, info)


async def _fail(
    uow: UnitOfWork, staging: StagingArea, upload: Upload, target: Target, exc: Exception
) -> None:
    """A device's command stays open (unless it already closed): it may upload again."""
    upload.status = UploadStatus.FAILED
    reason = {
        Conflict: "command_closed",
        IntegrityError: "sha256_mismatch",
        ContentRefused: "content_refused",
        Unauthenticated: "grant_closed",
    }[next(t for t in _REFUSALS if isinstance(exc, t))]
    uow.audit(target.actor, "upload.failed", **target.subject(upload), reason=reason)
    await uow.commit()
    staging.discard(upload.staging_name)


def _caller_error(exc: Exception) -> Exception:
    if isinstance(exc, IntegrityError):
        return ChecksumMismatch("the file does not match the sha256 declared at creation")
    return exc

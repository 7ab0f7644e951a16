"""The last byte of an upload: check the running sha256 against the declared one and the
sniffed content against what the target allows, let the object store adopt the staged file
(no second copy), then close the target — all in the caller's unit of work. A refusal fails
the upload and is returned, for the entrypoint to raise once the failure is committed."""

from __future__ import annotations

import asyncio
import itertools

from custody_platform.errors import Conflict, DomainError, Unauthenticated
from custody_platform.objectstore import IntegrityError, ObjectInfo, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters.orm import Upload, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.errors import ChecksumMismatch, ContentRefused, UploadGone
from device_gateway.domain.model import UploadStatus
from device_gateway.domain.sniff import HEAD_BYTES, UNKNOWN, accept_content, sniff
from device_gateway.service_layer.targets import UploadTarget

_REFUSALS = (Conflict, IntegrityError, ContentRefused, Unauthenticated)


def object_key(upload: Upload) -> str:
    return f"uploads/{upload.id}"


async def complete(
    uow: UnitOfWork, store: ObjectStore, staging: StagingArea, target: UploadTarget, upload: Upload
) -> DomainError | None:
    """Stores `uploads/<id>` only if the bytes hash to the declared sha256 (when declared)
    and their sniffed type is allowed. A refusal fails the upload and is returned."""
    await target.load(uow, upload)
    try:
        target.check_open()  # before storing: a closed command or revoked grant takes nothing
        info = await _verify_and_adopt(store, staging, upload, target.allowed_media_types)
    except _REFUSALS as exc:
        _fail(uow, upload, target, exc)
        return _caller_error(exc)
    _mark_completed(uow, upload, target, info)
    return None


async def recover(
    uow: UnitOfWork, store: ObjectStore, target: UploadTarget, upload: Upload
) -> DomainError | None:
    """The staged file is gone: complete with the stored object if it is this upload's whole,
    verified file (stored by a finish whose commit was lost); else the upload failed and is
    gone (returned)."""
    key = object_key(upload)
    try:
        info = await asyncio.to_thread(store.stat, key)
    except ObjectNotFound:
        info = None
    declared = upload.sha256_declared
    await target.load(uow, upload)
    if info is None or info.size != upload.length or declared not in (None, info.sha256):
        upload.status = UploadStatus.FAILED  # a crash mid-adoption lost them: start anew
        uow.audit(target.actor, "upload.failed", **target.subject(upload), reason="bytes_lost")
        return UploadGone("the staged bytes of this upload are lost; start a new upload")
    head = await asyncio.to_thread(_stored_head, store, key)
    upload.offset = upload.length
    _set_type(upload, sniff(head))
    _mark_completed(uow, upload, target, info)
    return None


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


def _mark_completed(
    uow: UnitOfWork, upload: Upload, target: UploadTarget, info: ObjectInfo
) -> None:
    upload.status, upload.completed_at = UploadStatus.COMPLETED, utcnow()
    upload.object_key = info.key
    target.close(uow, upload, info)


def _fail(uow: UnitOfWork, upload: Upload, target: UploadTarget, exc: Exception) -> None:
    """A device's command stays open (unless it already closed): it may upload again."""
    upload.status = UploadStatus.FAILED
    reason = {
        Conflict: "command_closed",
        IntegrityError: "sha256_mismatch",
        ContentRefused: "content_refused",
        Unauthenticated: "grant_closed",
    }[next(t for t in _REFUSALS if isinstance(exc, t))]
    uow.audit(target.actor, "upload.failed", **target.subject(upload), reason=reason)


def _caller_error(exc: Exception) -> DomainError:
    if isinstance(exc, IntegrityError):
        return ChecksumMismatch("the file does not match the sha256 declared at creation")
    assert isinstance(exc, DomainError)
    return exc

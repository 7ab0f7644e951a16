"""Derived copies: a redacted copy of an original becomes its own item, linked to the
original and filed in the original's cases."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from custody_contracts.events.evidence import EvidenceIngested
from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.objectstore import ObjectInfo, ObjectNotFound, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import EvidenceItem
from evidence.adapters.storage import store_original
from evidence.domain.model import sanitize_filename
from evidence.service_layer.access import owned_item


@dataclass(frozen=True)
class DerivedInput:
    original_id: uuid.UUID
    object_key: str
    sha256: str
    filename: str
    content_type: str
    description: str
    idempotency_key: str


async def ingest_derived(
    uow: UnitOfWork, store: ObjectStore, principal: Principal, derived: DerivedInput
) -> EvidenceItem:
    """Idempotent by idempotency_key (default: the object key)."""
    original = await owned_item(uow, principal, derived.original_id)
    key = derived.idempotency_key or derived.object_key
    existing = await repository.item_by_derived_key(uow.session, key)
    if existing is not None:
        return existing
    stored = await _store(store, derived)
    item = _derived_item(original, stored, derived, key, principal)
    uow.session.add(item)
    await uow.session.flush()
    for case in await repository.cases_holding(uow.session, original.id):
        await repository.link_item(uow.session, case.id, item.id)
    _announce(uow, Actor.of(principal), item, original)
    return item


async def _store(store: ObjectStore, derived: DerivedInput) -> ObjectInfo:
    """The copy, content-addressed; NotFound unless the object exists with that hash."""
    try:
        return await asyncio.to_thread(store_original, store, derived.object_key, derived.sha256)
    except (ObjectNotFound, ValueError) as exc:
        raise NotFound(f"no object {derived.object_key} with that sha256") from exc


def _derived_item(
    original: EvidenceItem,
    stored: ObjectInfo,
    derived: DerivedInput,
    key: str,
    principal: Principal,
) -> EvidenceItem:
    """The copy inherits the original's case, requester permission and capture times."""
    return EvidenceItem(
        case_id=original.case_id,
        org_id=original.org_id,
        object_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
        filename=sanitize_filename(derived.filename or f"derived-{original.filename}"),
        content_type=derived.content_type or original.content_type,
        source="derived",
        permission_for_requester=original.permission_for_requester,
        request_id=original.request_id,
        original_id=original.id,
        derived_key=key,
        description=derived.description,
        categories=list(original.categories),
        uploaded_by=str(principal.user_id),
        capture_start=original.capture_start,
        capture_end=original.capture_end,
    )


def _announce(uow: UnitOfWork, actor: Actor, item: EvidenceItem, original: EvidenceItem) -> None:
    uow.emit(
        EvidenceIngested(
            evidence_id=item.id,
            case_id=item.case_id,
            org_id=item.org_id,
            sha256=item.sha256,
            size=item.size,
            source="derived",
        ),
        subject=f"evidence/{item.id}",
    )
    uow.audit(
        actor,
        "evidence.derived",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        original_id=str(original.id),
        original_sha256=original.sha256,
    )

"""Ingest: an uploaded export becomes content-addressed evidence in the requester's case."""

from __future__ import annotations

import asyncio
import uuid

from custody_contracts.events import EvidenceIngested, ExportContext, VideoUploaded
from custody_platform.objectstore import ObjectInfo, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Case, EvidenceItem
from evidence.adapters.storage import store_original
from evidence.domain.model import case_title, sanitize_filename

ACTOR = Actor.service("evidence")


async def ingest_upload(uow: UnitOfWork, store: ObjectStore, event: VideoUploaded) -> uuid.UUID:
    """Idempotent by upload id. A hash mismatch raises IntegrityError before anything is
    written, so the consumer retries and then dead-letters the event."""
    existing = await repository.item_by_upload(uow.session, event.upload_id)
    if existing is not None:
        return existing.id  # the same upload delivered again under another event id
    stored = await asyncio.to_thread(store_original, store, event.object_key, event.sha256)
    case = await _case_for(uow, event.export)
    item = _new_item(case, event, stored)
    uow.session.add(item)
    await uow.session.flush()
    _emit_ingested(uow, item)
    _audit_ingested(uow, item, event)
    return item.id


async def _case_for(uow: UnitOfWork, export: ExportContext) -> Case:
    org_id, number = export.requester_org_id, export.case_number
    case, created = await repository.ensure_case(
        uow.session, org_id=org_id, number=number, title=case_title(number)
    )
    if created:
        uow.audit(
            ACTOR,
            "case.created",
            object_type="case",
            object_id=case.id,
            org_ids=(org_id,),
            number=number,
            request_id=str(export.request_id),
        )
    return case


def _new_item(case: Case, event: VideoUploaded, stored: ObjectInfo) -> EvidenceItem:
    export = event.export
    return EvidenceItem(
        case_id=case.id,
        org_id=case.org_id,
        object_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
        filename=sanitize_filename(event.filename),
        content_type=event.content_type,
        source="device",
        permission_for_requester=export.permission,
        request_id=export.request_id,
        line_item_id=export.line_item_id,
        upload_id=event.upload_id,
        capture_start=event.start,
        capture_end=event.end,
    )


def _emit_ingested(uow: UnitOfWork, item: EvidenceItem) -> None:
    uow.emit(
        EvidenceIngested(
            evidence_id=item.id,
            case_id=item.case_id,
            org_id=item.org_id,
            sha256=item.sha256,
            size=item.size,
            source=item.source,
            request_id=item.request_id,
            line_item_id=item.line_item_id,
        ),
        subject=f"evidence/{item.id}",
    )


def _audit_ingested(uow: UnitOfWork, item: EvidenceItem, event: VideoUploaded) -> None:
    export = event.export
    uow.audit(
        ACTOR,
        "evidence.ingested",
        object_type="evidence",
        object_id=item.id,
        org_ids=(export.requester_org_id, export.owner_org_id),
        object_hash=item.sha256,
        case_id=str(item.case_id),
        upload_id=str(event.upload_id),
        device_id=str(event.device_id),
        request_id=str(export.request_id),
        line_item_id=str(export.line_item_id),
        size=item.size,
    )

"""Ingest: an uploaded export becomes content-addressed evidence in the requester's case."""

from __future__ import annotations

import asyncio
import uuid

from custody_contracts.events.device_gateway import ExportContext, UploadCompleted, VideoUploaded
from custody_contracts.events.evidence import EvidenceIngested, PublicEvidenceReceived
from custody_platform.objectstore import ObjectInfo, ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Case, EvidenceItem
from evidence.adapters.storage import store_original
from evidence.domain import provenance
from evidence.domain.model import UPLOAD_SOURCES, case_title, sanitize_filename

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
    await repository.link_item(uow.session, case.id, item.id)
    _emit_ingested(uow, item)
    _audit_ingested(uow, item, event)
    return item.id


async def ingest_granted_upload(
    uow: UnitOfWork, store: ObjectStore, event: UploadCompleted
) -> uuid.UUID | None:
    """A file uploaded under an upload grant joins the grant's case. Idempotent by upload id;
    a case that vanished (or belongs elsewhere) leaves the upload unadopted and audited."""
    existing = await repository.item_by_upload(uow.session, event.upload_id)
    if existing is not None:
        return existing.id
    case = await repository.case_by_id(uow.session, event.case_id)
    if case is None or case.org_id != event.org_id:
        _audit_refused(uow, event)
        return None
    stored = await asyncio.to_thread(store_original, store, event.object_key, event.sha256)
    item = _granted_item(case, event, stored)
    uow.session.add(item)
    await uow.session.flush()
    await repository.link_item(uow.session, case.id, item.id)
    _emit_ingested(uow, item)
    if item.source == "public":
        _emit_public(uow, case, item)
    uow.audit(
        _uploader(event),
        "evidence.ingested",
        object_type="evidence",
        object_id=item.id,
        org_ids=(case.org_id,),
        object_hash=item.sha256,
        case_id=str(case.id),
        upload_id=str(event.upload_id),
        grant_id=str(event.grant_id),
        source=item.source,
        file_request_id=str(event.file_request_id or ""),
        size=item.size,
    )
    return item.id


def _uploader(event: UploadCompleted) -> Actor:
    if event.source == "public":
        return Actor("public", str(event.file_request_id or event.grant_id), None)
    try:
        return Actor("user", str(uuid.UUID(event.uploaded_by)), event.org_id)
    except ValueError:
        return Actor("device", event.uploaded_by, event.org_id)


def _granted_item(case: Case, event: UploadCompleted, stored: ObjectInfo) -> EvidenceItem:
    return EvidenceItem(
        case_id=case.id,
        org_id=case.org_id,
        object_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
        filename=sanitize_filename(event.filename),
        content_type=event.content_type,
        source=UPLOAD_SOURCES[event.source],
        upload_id=event.upload_id,
        uploaded_by=event.uploaded_by,
        contributor_name=(event.contributor_name or None) and event.contributor_name[:200],
        contributor_contact=(event.contributor_contact or None) and event.contributor_contact[:200],
        file_request_id=event.file_request_id,
    )


def _emit_public(uow: UnitOfWork, case: Case, item: EvidenceItem) -> None:
    notify = tuple(
        dict.fromkeys([*case.assignees, *([case.created_by] if case.created_by else [])])
    )
    uow.emit(
        PublicEvidenceReceived(
            evidence_id=item.id,
            case_id=case.id,
            org_id=case.org_id,
            case_number=case.number,
            file_request_id=item.file_request_id,
            filename=item.filename,
            size=item.size,
            notify_user_ids=notify,
        ),
        subject=f"case/{case.id}",
    )


def _audit_refused(uow: UnitOfWork, event: UploadCompleted) -> None:
    uow.audit(
        ACTOR,
        "evidence.upload_refused",
        object_type="upload",
        object_id=event.upload_id,
        org_ids=(event.org_id,),
        object_hash=event.sha256,
        reason="the grant's case does not exist in the grant's organization",
        case_id=str(event.case_id),
    )


async def _case_for(uow: UnitOfWork, export: ExportContext) -> Case:
    org_id, number = export.requester_org_id, export.case_number
    case, created = await repository.ensure_case(
        uow.session, org_id=org_id, number=number, title=case_title(number)
    )
    if created:
        for name, value in provenance.case_incident(export).items():
            setattr(case, name, value)
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
        **provenance.item_source(export, event.device_id),
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

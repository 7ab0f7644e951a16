"""Disclosure packages: build one from evidence on a case, read it back, acknowledge it."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from custody_contracts.events.audit import DisclosureAcknowledged, DisclosureCreated
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, FailedPrecondition, NotFound
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from audit.adapters import disclosures as rows
from audit.adapters.evidence import CaseInfo, EvidenceSource, ItemInfo
from audit.adapters.orm import Disclosure, DisclosureAcknowledgement
from audit.adapters.receipts import render_receipt
from audit.adapters.signing_key import TreeHeadSigner
from audit.adapters.zip_stream import ZipUpload
from audit.domain import disclosures as layout
from audit.domain.disclosures import DisclosureRequest
from audit.service_layer.ledger import scope
from audit.service_layer.trails import head_document, trail_with_proofs
from audit.service_layer.tree_heads import sign_tree_head

CHUNK = 1 << 20


@dataclass(frozen=True)
class Packager:
    uow_factory: Callable[[], UnitOfWork]
    evidence: EvidenceSource
    store: ObjectStore
    signer: TreeHeadSigner
    acknowledge_url: str


@dataclass
class _Build:
    """One package being written: what goes in, and what has been listed so far."""

    packager: Packager
    principal: Principal
    request: DisclosureRequest
    case: CaseInfo
    items: list[ItemInfo]
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    token: str = field(default_factory=layout.new_token)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    listed: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)


async def create_disclosure(
    packager: Packager, principal: Principal, request: DisclosureRequest, source: str | None
) -> tuple[Disclosure, str]:
    """Streams each original (through evidence's DownloadEvidence, which authorizes, verifies
    and audits the read) into a ZIP in the object store with its trail, proofs, the signed
    tree head, the key, a signed manifest and the receipt. Returns the row and the token."""
    case = await packager.evidence.case(request.case_id)
    items = [await packager.evidence.item_on_case(case.id, e) for e in request.evidence_ids]
    build = _Build(packager, principal, request, case, items)
    key = f"disclosures/{case.org_id}/{build.id}.zip"
    async with ZipUpload(packager.store, key) as upload:
        for item in items:
            await _add_original(build, upload, item, source or "")
        head = await _add_documents(build, upload)
    assert upload.info is not None
    disclosure = Disclosure(
        id=build.id,
        org_id=case.org_id,
        case_id=case.id,
        evidence_ids=[str(i.id) for i in items],
        recipient_name=request.recipient_name,
        recipient_email=request.recipient_email,
        note=request.note,
        created_by=principal.user_id,
        object_key=key,
        size=upload.info.size,
        sha256=upload.info.sha256,
        tree_head_id=int(head["id"]),
        token_hash=layout.token_hash(build.token),
        created_at=build.created_at,
    )
    await _record_created(packager, principal, disclosure, source)
    return disclosure, build.token


async def _add_original(build: _Build, upload: ZipUpload, item: ItemInfo, source: str) -> None:
    path = layout.file_path(item.id, item.filename)
    sha256, size = await upload.add_stream(path, build.packager.evidence.download(item.id, source))
    if (sha256, size) != (item.sha256, item.size):  # evidence verifies too; belt and braces
        raise FailedPrecondition(f"evidence {item.id} did not read back as recorded")
    build.listed.append(
        {
            "evidence_id": str(item.id),
            "path": path,
            "sha256": sha256,
            "size": size,
            "filename": item.filename,
            "content_type": item.content_type,
            "source": item.source,
            "ingested_at": item.created_at.isoformat() if item.created_at else None,
            "audit_trail": layout.trail_path(item.id),
        }
    )


async def _add_documents(build: _Build, upload: ZipUpload) -> dict[str, Any]:
    """Signs a head covering the ledger now, adds the trails proven against it and the rest;
    returns the head as the package shows it."""
    signer = build.packager.signer
    async with build.packager.uow_factory() as uow:
        signed = await sign_tree_head(uow, signer)
        await uow.commit()
        head = head_document(signed)
        for item in build.items:
            trail = await trail_with_proofs(uow, build.principal, item.id, signed)
            await _add(build, upload, layout.trail_path(item.id), _json(trail))
    await _add(build, upload, layout.TREE_HEAD, _json(head))
    await _add(build, upload, layout.PUBLIC_KEY, signer.public_key_pem.encode("ascii"))
    await _add(build, upload, layout.RECEIPT, _receipt(build, head))
    manifest = _json(_manifest(build))
    await upload.add_bytes(layout.MANIFEST, manifest)
    await upload.add_bytes(layout.MANIFEST_SIGNATURE, signer.sign(manifest).hex().encode())
    return head


async def _add(build: _Build, upload: ZipUpload, path: str, data: bytes) -> None:
    build.documents[path] = await upload.add_bytes(path, data)


def _manifest(build: _Build) -> dict[str, Any]:
    request, case = build.request, build.case
    header = {
        "created_at": build.created_at.isoformat(),
        "case": {"id": str(case.id), "number": case.number, "title": case.title},
        "organization_id": str(case.org_id),
        "recipient": {"name": request.recipient_name, "email": request.recipient_email},
        "note": request.note,
        "signing_key_id": build.packager.signer.key_id,
    }
    return layout.manifest(
        disclosure_id=build.id, header=header, items=build.listed, documents=build.documents
    )


def _receipt(build: _Build, head: dict[str, Any]) -> bytes:
    return render_receipt(
        disclosure_id=build.id,
        case=build.case,
        created_at=build.created_at.isoformat(),
        recipient_name=build.request.recipient_name,
        recipient_email=build.request.recipient_email,
        note=build.request.note,
        items=build.listed,
        head=head,
        token=build.token,
        acknowledge_url=build.packager.acknowledge_url,
    )


def _json(document: Any) -> bytes:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


async def _record_created(
    packager: Packager, principal: Principal, disclosure: Disclosure, source: str | None
) -> None:
    async with packager.uow_factory() as uow:
        await rows.add(uow.session, disclosure)
        uow.emit(
            DisclosureCreated(
                disclosure_id=disclosure.id,
                case_id=disclosure.case_id,
                org_id=disclosure.org_id,
                evidence_ids=tuple(uuid.UUID(e) for e in disclosure.evidence_ids),
                sha256=disclosure.sha256,
                size=disclosure.size,
                tree_head_id=disclosure.tree_head_id,
            ),
            subject=f"disclosure/{disclosure.id}",
        )
        uow.audit(
            Actor.of(principal, source),
            "disclosure.created",
            object_type="disclosure",
            object_id=disclosure.id,
            org_ids=(disclosure.org_id,),
            object_hash=disclosure.sha256,
            case_id=str(disclosure.case_id),
            evidence_ids=disclosure.evidence_ids,
            recipient_name=disclosure.recipient_name,
            tree_head_id=disclosure.tree_head_id,
        )
        await uow.commit()


async def get_disclosure(
    uow: UnitOfWork, principal: Principal, disclosure_id: uuid.UUID
) -> tuple[Disclosure, DisclosureAcknowledgement | None]:
    visible = scope(principal)
    found = None if visible.is_guest else await rows.get(uow.session, disclosure_id, visible.org_id)
    if found is None:
        raise NotFound("no such disclosure")
    return found, await rows.acknowledgement(uow.session, disclosure_id)


async def open_package(
    packager: Packager, principal: Principal, disclosure_id: uuid.UUID, source: str | None
) -> AsyncIterator[bytes]:
    """Audits the download (committed before the first byte), then streams the verified ZIP."""
    async with packager.uow_factory() as uow:
        disclosure, _ = await get_disclosure(uow, principal, disclosure_id)
        uow.audit(
            Actor.of(principal, source),
            "disclosure.downloaded",
            object_type="disclosure",
            object_id=disclosure.id,
            org_ids=(disclosure.org_id,),
            object_hash=disclosure.sha256,
            case_id=str(disclosure.case_id),
        )
        await uow.commit()
    return _stream(packager.store, disclosure.object_key)


async def _stream(store: ObjectStore, key: str) -> AsyncIterator[bytes]:
    chunks = store.open(key, chunk_size=CHUNK)
    while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
        yield chunk


async def acknowledge(
    uow: UnitOfWork, token: str, name: str, source: str | None
) -> tuple[Disclosure, DisclosureAcknowledgement]:
    """The recipient's acknowledgement: once per disclosure; the token is the credential."""
    disclosure = await rows.by_token_hash(uow.session, layout.token_hash(token))
    if disclosure is None:
        raise NotFound("no disclosure for this token")
    ack = DisclosureAcknowledgement(
        disclosure_id=disclosure.id, name=layout.acknowledger(name), source_address=source
    )
    if not await rows.acknowledge(uow.session, ack):
        raise Conflict("this disclosure was acknowledged already", current_state="acknowledged")
    uow.emit(
        DisclosureAcknowledged(
            disclosure_id=disclosure.id, case_id=disclosure.case_id, org_id=disclosure.org_id
        ),
        subject=f"disclosure/{disclosure.id}",
    )
    uow.audit(
        Actor("public", ack.name, None, source),
        "disclosure.acknowledged",
        object_type="disclosure",
        object_id=disclosure.id,
        org_ids=(disclosure.org_id,),
        object_hash=disclosure.sha256,
        case_id=str(disclosure.case_id),
        acknowledged_by=ack.name,
    )
    await uow.commit()
    return disclosure, ack

"""Building a disclosure package, one step at a time: the background builder runs the steps
and owns the transactions between them (entrypoints/builder.py).

Each original streams through evidence's DownloadEvidence (which authorizes, verifies and
audits the read) into a ZIP in the object store, followed by its trail, proofs, the signed
tree head, the key, a signed manifest and the receipt. A redacted copy's C2PA manifest is
read on the way and recorded beside it in the package's manifest (decision 0049)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from custody_contracts.principal import Principal
from custody_platform.errors import FailedPrecondition
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters.content_credentials import describe
from audit.adapters.evidence import CaseInfo, EvidenceSource, ItemInfo
from audit.adapters.orm import Disclosure, DisclosureBuild, TreeHead
from audit.adapters.receipts import render_receipt
from audit.adapters.signing_key import LedgerKey, TreeHeadSigner
from audit.adapters.zip_stream import ZipUpload
from audit.domain import disclosures as layout
from audit.domain.disclosures import DisclosureRequest
from audit.service_layer.trails import head_document, trail_with_proofs

DERIVED = "derived"  # evidence's source of a redacted copy


@dataclass(frozen=True)
class Packager:
    evidence: EvidenceSource
    store: ObjectStore
    key: LedgerKey  # the key file, read again after a rotation
    acknowledge_url: str
    acknowledge_page: str = ""  # the web app's address, whose /d/{token} page acknowledges


@dataclass
class Build:
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
    attempt: int = 0  # each attempt writes its own object: a stale builder never overwrites
    items_done: int = 0
    bytes_done: int = 0

    @property
    def object_key(self) -> str:
        return f"disclosures/{self.case.org_id}/{self.id}-{self.attempt}.zip"


async def start(packager: Packager, principal: Principal, request: DisclosureRequest) -> Build:
    """The case and items, as evidence shows them to the caller; nothing is written yet."""
    case = await packager.evidence.case(request.case_id)
    items = [await packager.evidence.item_on_case(case.id, e) for e in request.evidence_ids]
    return Build(packager, principal, request, case, items)


async def resume(packager: Packager, principal: Principal, row: DisclosureBuild) -> Build:
    """The build a row asked for, started over as its requester (evidence authorizes again)."""
    request = DisclosureRequest(
        row.case_id,
        tuple(uuid.UUID(e) for e in row.evidence_ids),
        row.recipient_name,
        row.recipient_email,
        row.note,
    )
    build = await start(packager, principal, request)
    assert row.token is not None, "a build in progress keeps its token for the receipt"
    build.id, build.token, build.created_at, build.attempt = (
        row.id,
        row.token,
        row.created_at,
        row.attempts,
    )
    return build


def open_upload(build: Build) -> ZipUpload:
    return ZipUpload(build.packager.store, build.object_key)


async def add_originals(build: Build, upload: ZipUpload, source: str | None) -> None:
    for item in build.items:
        await _add_original(build, upload, item, source or "")


async def _add_original(build: Build, upload: ZipUpload, item: ItemInfo, source: str) -> None:
    path = layout.file_path(item.id, item.filename)
    chunks = _counted(build, build.packager.evidence.download(item.id, source))
    if item.source == DERIVED:  # a redacted copy: its C2PA manifest is read from a local copy
        with tempfile.TemporaryDirectory(prefix="custody-c2pa-") as work:
            local = Path(work) / "copy"
            sha256, size = await upload.add_stream(path, _kept(chunks, local))
            credentials = await asyncio.to_thread(describe, local, item.content_type)
    else:
        sha256, size = await upload.add_stream(path, chunks)
        credentials = None
    build.items_done += 1
    if (sha256, size) != (item.sha256, item.size):  # evidence verifies too; belt and braces
        raise FailedPrecondition(f"evidence {item.id} did not read back as recorded")
    listed: dict[str, Any] = {
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
    if credentials is not None:
        listed["c2pa"] = credentials
    build.listed.append(listed)


async def _kept(chunks: AsyncIterator[bytes], local: Path) -> AsyncIterator[bytes]:
    """The chunks, also written to `local`."""
    with local.open("wb") as file:
        async for chunk in chunks:
            await asyncio.to_thread(file.write, chunk)
            yield chunk


async def _counted(build: Build, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        build.bytes_done += len(chunk)
        yield chunk


async def add_trails(uow: UnitOfWork, build: Build, upload: ZipUpload, head: TreeHead) -> None:
    """Each item's trail, every entry proven against the head."""
    for item in build.items:
        trail = await trail_with_proofs(uow, build.principal, item.id, head)
        await _add(build, upload, layout.trail_path(item.id), _json(trail))


async def add_documents(
    build: Build, upload: ZipUpload, head: TreeHead, signer: TreeHeadSigner
) -> None:
    """The head, the key that signed it, the receipt, and last the manifest and its signature
    (by the same key)."""
    document = head_document(head)
    await _add(build, upload, layout.TREE_HEAD, _json(document))
    await _add(build, upload, layout.PUBLIC_KEY, signer.public_key_pem.encode("ascii"))
    await _add(build, upload, layout.RECEIPT, _receipt(build, document))
    manifest = _json(_manifest(build, signer.key_id))
    await upload.add_bytes(layout.MANIFEST, manifest)
    await upload.add_bytes(layout.MANIFEST_SIGNATURE, signer.sign(manifest).hex().encode())


async def _add(build: Build, upload: ZipUpload, path: str, data: bytes) -> None:
    build.documents[path] = await upload.add_bytes(path, data)


def _manifest(build: Build, key_id: str) -> dict[str, Any]:
    request, case = build.request, build.case
    header = {
        "created_at": build.created_at.isoformat(),
        "case": {"id": str(case.id), "number": case.number, "title": case.title},
        "organization_id": str(case.org_id),
        "recipient": {"name": request.recipient_name, "email": request.recipient_email},
        "note": request.note,
        "signing_key_id": key_id,
    }
    return layout.manifest(
        disclosure_id=build.id, header=header, items=build.listed, documents=build.documents
    )


def _receipt(build: Build, head: dict[str, Any]) -> bytes:
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
        acknowledge_page=build.packager.acknowledge_page,
    )


def _json(document: Any) -> bytes:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


def disclosure_row(build: Build, upload: ZipUpload, head: TreeHead) -> Disclosure:
    """The finished package's row; only the token's hash is kept."""
    assert upload.info is not None and head.id is not None
    request = build.request
    return Disclosure(
        id=build.id,
        org_id=build.case.org_id,
        case_id=build.case.id,
        evidence_ids=[str(i.id) for i in build.items],
        recipient_name=request.recipient_name,
        recipient_email=request.recipient_email,
        note=request.note,
        created_by=build.principal.user_id,
        object_key=build.object_key,
        size=upload.info.size,
        sha256=upload.info.sha256,
        tree_head_id=head.id,
        token_hash=layout.token_hash(build.token),
        created_at=build.created_at,
    )

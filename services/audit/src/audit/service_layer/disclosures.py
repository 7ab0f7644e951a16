"""Disclosures once packaged: record one, read it back, audit its download, acknowledge it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

from custody_contracts.events.audit import DisclosureAcknowledged, DisclosureCreated
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from audit.adapters import disclosures as rows
from audit.adapters.orm import Disclosure, DisclosureAcknowledgement
from audit.domain import disclosures as layout
from audit.service_layer.ledger import scope

CHUNK = 1 << 20


async def record_created(
    uow: UnitOfWork, principal: Principal, disclosure: Disclosure, source: str | None
) -> None:
    """The stored package's row, its event and its audit record."""
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


async def get_disclosure(
    uow: UnitOfWork, principal: Principal, disclosure_id: uuid.UUID
) -> tuple[Disclosure, DisclosureAcknowledgement | None]:
    visible = scope(principal)
    found = None if visible.is_guest else await rows.get(uow.session, disclosure_id, visible.org_id)
    if found is None:
        raise NotFound("no such disclosure")
    return found, await rows.acknowledgement(uow.session, disclosure_id)


async def record_download(
    uow: UnitOfWork, principal: Principal, disclosure_id: uuid.UUID, source: str | None
) -> Disclosure:
    """Audits the download; the entrypoint commits it before the first byte goes out."""
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
    return disclosure


async def read_package(store: ObjectStore, disclosure: Disclosure) -> AsyncIterator[bytes]:
    """The stored ZIP, verified against its sha256 while it streams."""
    chunks = store.open(disclosure.object_key, chunk_size=CHUNK)
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
    return disclosure, ack

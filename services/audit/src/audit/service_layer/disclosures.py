"""Disclosures: ask for one (its build is recorded, the package is built in the background),
record the package once built (or the build's failure), read them back, audit a download,
acknowledge one."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from custody_contracts.events.audit import DisclosureAcknowledged, DisclosureCreated
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import Actor, UnitOfWork

from audit.adapters import disclosures as rows
from audit.adapters.orm import Disclosure, DisclosureAcknowledgement, DisclosureBuild
from audit.domain import disclosures as layout
from audit.service_layer.ledger import scope
from audit.service_layer.packaging import Build

CHUNK = 1 << 20
LIST_LIMIT = 200
DISCLOSED = ("evidence_id", "filename", "content_type", "size", "sha256")


@dataclass(frozen=True)
class DisclosureView:
    """A disclosure as its readers see it: the build (state, progress), the package once
    ready, the acknowledgement once given."""

    build: DisclosureBuild
    package: Disclosure | None
    ack: DisclosureAcknowledgement | None


async def request_build(
    uow: UnitOfWork, principal: Principal, build: Build, source: str | None
) -> DisclosureView:
    """The build's row (the background builder picks it up once committed) and its audit
    record; the token is kept until the receipt is written, the principal to build as."""
    row = DisclosureBuild(
        id=build.id,
        org_id=build.case.org_id,
        case_id=build.case.id,
        evidence_ids=[str(i.id) for i in build.items],
        recipient_name=build.request.recipient_name,
        recipient_email=build.request.recipient_email,
        note=build.request.note,
        created_by=principal.user_id,
        principal=principal.model_dump(mode="json"),
        source_address=source,
        token=build.token,
        items_total=len(build.items),
        bytes_total=sum(i.size for i in build.items),
        created_at=build.created_at,
    )
    await rows.add_build(uow.session, row)
    uow.audit(
        Actor.of(principal, source),
        "disclosure.requested",
        object_type="disclosure",
        object_id=row.id,
        org_ids=(row.org_id,),
        case_id=str(row.case_id),
        evidence_ids=row.evidence_ids,
        recipient_name=row.recipient_name,
    )
    return DisclosureView(row, None, None)


def ready_values(build: Build) -> dict[str, object]:
    """The build row's last change: ready, the token forgotten (only its hash is kept)."""
    return {
        "state": "ready",
        "token": None,
        "lease_until": None,
        "items_done": build.items_done,
        "bytes_done": build.bytes_done,
        "items": [{k: i[k] for k in DISCLOSED} for i in build.listed],
    }


async def record_failed(uow: UnitOfWork, row: DisclosureBuild, attempt: int, reason: str) -> bool:
    """The build failed for good; False when this attempt no longer holds it."""
    failed = await rows.update_build(
        uow.session,
        row.id,
        attempt,
        state="failed",
        failure_reason=reason[:500],
        token=None,
        lease_until=None,
    )
    if failed:
        uow.audit(
            Actor.service("audit"),
            "disclosure.failed",
            object_type="disclosure",
            object_id=row.id,
            org_ids=(row.org_id,),
            case_id=str(row.case_id),
            reason=reason[:500],
        )
    return failed


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
            created_by=principal.user_id,
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
) -> DisclosureView:
    visible = scope(principal)
    session = uow.session
    found = (
        None if visible.is_guest else await rows.get_build(session, disclosure_id, visible.org_id)
    )
    if found is None:
        raise NotFound("no such disclosure")
    if found.state != "ready":
        return DisclosureView(found, None, None)
    package = await rows.get(session, disclosure_id, None)
    return DisclosureView(found, package, await rows.acknowledgement(session, disclosure_id))


async def list_disclosures(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID
) -> list[DisclosureView]:
    """The case's disclosures the caller's organization made, newest first."""
    visible = scope(principal)
    if visible.is_guest:
        return []
    builds = await rows.case_builds(uow.session, case_id, visible.org_id, LIST_LIMIT)
    ready = [b.id for b in builds if b.state == "ready"]
    acks = await rows.acknowledgements(uow.session, ready)
    packages = {d.id: d for d in await rows.packages(uow.session, ready)}
    return [DisclosureView(b, packages.get(b.id), acks.get(b.id)) for b in builds]


async def record_download(
    uow: UnitOfWork, principal: Principal, disclosure_id: uuid.UUID, source: str | None
) -> Disclosure:
    """Audits the download; the entrypoint commits it before the first byte goes out."""
    view = await get_disclosure(uow, principal, disclosure_id)
    disclosure = view.package
    if disclosure is None:
        raise Conflict(
            f"the package is not ready ({view.build.state})", current_state=view.build.state
        )
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


async def lookup(uow: UnitOfWork, token: str) -> DisclosureView:
    """What was disclosed, for the holder of the receipt's token (a ready package only)."""
    disclosure = await rows.by_token_hash(uow.session, layout.token_hash(token))
    build = None if disclosure is None else await rows.get_build(uow.session, disclosure.id, None)
    if disclosure is None or build is None:
        raise NotFound("no disclosure for this token")
    return DisclosureView(build, disclosure, await rows.acknowledgement(uow.session, build.id))


async def acknowledge(uow: UnitOfWork, token: str, name: str, source: str | None) -> DisclosureView:
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
    build = await rows.get_build(uow.session, disclosure.id, None)
    assert build is not None, "every disclosure has its build (migration 0004)"
    return DisclosureView(build, disclosure, ack)

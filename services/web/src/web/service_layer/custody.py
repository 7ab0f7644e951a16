"""What the chain-of-custody pages ask of the gateway: a trail read whole, the names of the
people in it, the ledger's published key, and the records' inclusion proofs."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from typing import Any, TypeVar

from web.domain.custody import (
    MAX_RECORDS,
    AuditRecord,
    AuditRecords,
    CustodyCase,
    CustodyItem,
    InclusionProof,
    LedgerKey,
)
from web.domain.errors import ApiProblem
from web.domain.request_settings import OrgCard
from web.service_layer.api import Api
from web.service_layer.cases import directory

T = TypeVar("T")

API_PAGE = 500  # the gateway's largest page (MAX_PAGE)
CONCURRENT_PROOFS = 8
PENDING = 409  # newer than the latest signed tree head: proven at the next scheduled one


async def item(api: Api, evidence_id: uuid.UUID) -> CustodyItem:
    found: CustodyItem = await api.get(CustodyItem, f"/evidence/{evidence_id}")
    return found


async def case(api: Api, case_id: uuid.UUID) -> CustodyCase:
    found: CustodyCase = await api.get(CustodyCase, f"/cases/{case_id}")
    return found


async def trail(api: Api, **where: str) -> tuple[list[AuditRecord], bool]:
    """Every record matching `where` (object_id or case_id) in ledger order, and whether the
    trail was longer than MAX_RECORDS."""
    records: list[AuditRecord] = []
    start: int | None = 0
    while start is not None and len(records) < MAX_RECORDS:
        found: AuditRecords = await api.get(
            AuditRecords, "/audit/records", start_index=start, limit=API_PAGE, **where
        )
        records.extend(found.items)
        start = found.next_start_index
    return records[:MAX_RECORDS], start is not None or len(records) > MAX_RECORDS


async def names(api: Api, org_id: uuid.UUID | None) -> dict[str, str]:
    """Display names of the caller's organization's people, by id, where the caller may read
    the directory, and the organization's own name (a platform operator may have acted for
    it: decision 0048); nobody else's names are known."""
    people = await _unless_refused(directory(api, org_id), [])
    found = {str(person.id): person.display_name for person in people}
    if org_id is not None:
        org = await _unless_refused(api.get(OrgCard, f"/orgs/{org_id}"), None)
        found |= {str(org.id): org.name} if org else {}
    return found


async def _unless_refused(call: Awaitable[T], refused_as: T) -> T:
    try:
        return await call
    except ApiProblem as refused:
        if refused.status not in (403, 404):
            raise
        return refused_as


async def ledger_key(api: Api) -> LedgerKey:
    found: LedgerKey = await api.get(LedgerKey, "/audit/public-key")
    return found


async def _proof(api: Api, event_id: uuid.UUID, tree_head_id: int) -> dict[str, Any]:
    """The gateway's answer as it came (the browser checks those very bytes' values), or the
    problem that stands in for it."""
    path = f"/audit/records/{event_id}/proof"
    try:
        proof = await api.get_json(path, tree_head_id=tree_head_id or None)
    except ApiProblem as refused:
        if refused.status not in (PENDING, 404):
            raise
        problem = {"status": refused.status, "title": refused.problem.title}
        return {"event_id": str(event_id), "problem": problem}
    return {"event_id": str(event_id), "proof": proof}


async def proofs(
    api: Api, event_ids: list[uuid.UUID], tree_head_id: int = 0
) -> list[dict[str, Any]]:
    """Each record's inclusion proof, all against one head: the first proof's (the latest
    signed), so a head signed meanwhile does not split the set."""
    if not event_ids:
        return []
    first = await _proof(api, event_ids[0], tree_head_id)
    if tree_head_id == 0 and "proof" in first:
        tree_head_id = int(first["proof"]["tree_head"]["id"])
    limit = asyncio.Semaphore(CONCURRENT_PROOFS)

    async def one(event_id: uuid.UUID) -> dict[str, Any]:
        async with limit:
            return await _proof(api, event_id, tree_head_id)

    rest = await asyncio.gather(*(one(event_id) for event_id in event_ids[1:]))
    return [first, *rest]


def typed(found: list[dict[str, Any]]) -> dict[str, InclusionProof | None]:
    """The proofs by event id, typed for the report; None where a record has none yet."""
    return {
        answer["event_id"]: InclusionProof.model_validate(answer["proof"])
        if "proof" in answer
        else None
        for answer in found
    }

"""Reads of cases and evidence: the caller's organization's own, plus what was shared with
them; anything else is NotFound, exactly like an id that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters import case_search, repository
from evidence.adapters.case_search import CaseFilters
from evidence.adapters.orm import Case
from evidence.domain import access as rules
from evidence.domain.case_paging import CaseCursor, page_request
from evidence.service_layer.access import (
    CaseAccess,
    ItemAccess,
    case_for,
    grantees,
    item_for,
    item_for_caller,
    now,
)

EvidenceView = ItemAccess


async def list_cases(
    uow: UnitOfWork, principal: Principal, filters: CaseFilters | None = None
) -> Sequence[Case]:
    org_id = rules.member_org(principal)
    return await case_search.cases_matching(uow.session, org_id, filters or CaseFilters())


@dataclass(frozen=True)
class CasePage:
    cases: Sequence[Case]
    next_cursor: str  # "" = last page
    total: int


async def page_cases(
    uow: UnitOfWork, principal: Principal, filters: CaseFilters, limit: int, cursor: str
) -> CasePage:
    """A page of the organization's matching cases with their total; limit 0: all of them."""
    org_id = rules.member_org(principal)
    limit, after = page_request(limit, cursor)
    asked = limit + 1 if limit else 0  # one more tells whether another page exists
    found = await case_search.cases_matching(uow.session, org_id, filters, asked, after)
    total = await case_search.count_matching(uow.session, org_id, filters)
    if not limit or len(found) <= limit:
        return CasePage(found, "", total)
    last = found[limit - 1]
    return CasePage(found[:limit], CaseCursor(last.created_at, last.id).encode(), total)


async def list_shared_cases(uow: UnitOfWork, principal: Principal) -> list[CaseAccess]:
    """Other organizations' cases granted to the caller or the caller's org, each with the
    best permission the caller's live grants give."""
    holders = grantees(principal)
    at = now()
    ids = await repository.shared_case_ids(uow.session, holders, at)
    cases = await repository.cases_by_ids(uow.session, ids)
    found = [case for case in cases if not rules.is_member(principal, case.org_id)]
    grants = await repository.active_grants_for(uow.session, [c.id for c in found], holders, at)
    shared = []
    for case in found:
        access = rules.best(g.permission for g in grants if g.object_id == case.id)
        if access is not None:
            shared.append(CaseAccess(case, access))
    return shared


async def get_case(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> Case:
    return (await case_for(uow, principal, case_id)).case


async def get_case_access(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> CaseAccess:
    return await case_for(uow, principal, case_id)


async def list_case_evidence(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID, include_deleted: bool = False
) -> list[ItemAccess]:
    found = await case_for(uow, principal, case_id)
    deleted = include_deleted and found.access == "owner"
    items = await repository.items_of_case(uow.session, found.case.id, deleted)
    return [ItemAccess(item, found.access) for item in items]


async def get_evidence(uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID) -> ItemAccess:
    return await item_for(uow, principal, evidence_id)


async def thumbnail_key(
    uow: UnitOfWork, principal: Principal | None, item_id: uuid.UUID, share_token: str
) -> str:
    """Where the item's poster thumbnail is stored, for a caller who may see the item."""
    found = await item_for_caller(uow, principal, item_id, share_token)
    if found.item.thumbnail_key is None:
        raise NotFound("no thumbnail for this evidence (yet)")
    return found.item.thumbnail_key

"""Reads of cases and evidence: the caller's organization's own, plus what was shared with
them; anything else is NotFound, exactly like an id that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters import case_items, case_search, repository
from evidence.adapters.case_search import CaseFilters
from evidence.adapters.orm import Case
from evidence.domain import access as rules
from evidence.domain.paging import cut, page_request
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
    if after is not None and after.backward:  # the list goes forward only
        raise InvalidArgument("cursor is not valid")
    asked = limit + 1 if limit else 0  # one more tells whether another page exists
    found = await case_search.cases_matching(uow.session, org_id, filters, asked, after)
    total = await case_search.count_matching(uow.session, org_id, filters)
    page = cut(found, limit, after)
    return CasePage(page.rows, page.next_cursor, total)


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


@dataclass(frozen=True)
class EvidencePage:
    items: list[ItemAccess]
    next_cursor: str  # "" = last page
    previous_cursor: str  # "" = first page
    total: int  # the case's items, on every page


async def page_case_evidence(
    uow: UnitOfWork,
    principal: Principal,
    case_id: uuid.UUID,
    include_deleted: bool = False,
    limit: int = 0,
    cursor: str = "",
) -> EvidencePage:
    """A page of the case's items in the order they were added, with their total; limit 0:
    all of them. Soft-deleted items only for the case's own organization."""
    limit, at = page_request(limit, cursor)
    found = await case_for(uow, principal, case_id)
    deleted = include_deleted and found.access == "owner"
    asked = limit + 1 if limit else 0  # one more tells whether another page lies that way
    rows = await case_items.items_page(uow.session, found.case.id, deleted, asked, at)
    total = await case_items.count_items(uow.session, found.case.id, deleted)
    page = cut(rows, limit, at)
    items = [ItemAccess(item, found.access) for item in page.rows]
    return EvidencePage(items, page.next_cursor, page.previous_cursor, total)


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

"""Resolving what a caller may reach: their org's own data, or what was granted to them (as a
user, guest, or through their org), or what a share link opens. Anything else is NotFound.
A guest is no member of the org whose id it carries, and holds none of that org's grants."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Case, EvidenceItem, ShareLink
from evidence.domain import access as rules


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    access: rules.Access


@dataclass(frozen=True)
class ItemAccess:
    item: EvidenceItem
    access: rules.Access

    @property
    def permission(self) -> str:
        return rules.item_permission(self.access, self._intrinsic)

    @property
    def _intrinsic(self) -> str:
        item = self.item
        if item.request_id is not None and item.permission_for_requester != "download":
            return "view"
        return "download"


def now() -> datetime:
    return datetime.now(UTC)


def grantees(principal: Principal) -> list[uuid.UUID]:
    """Whose grants the caller holds: its own, and its org's unless it is a guest."""
    if rules.is_guest(principal):
        return [principal.user_id]
    return [principal.user_id, principal.org_id]


async def case_for(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> CaseAccess:
    case = await repository.case_by_id(uow.session, case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    if rules.is_member(principal, case.org_id):
        return CaseAccess(case, "owner")
    grants = await repository.active_grants_for(uow.session, [case.id], grantees(principal), now())
    access = rules.best(g.permission for g in grants)
    if access is None:
        raise NotFound(f"case {case_id} not found")
    return CaseAccess(case, access)


async def owned_case(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> Case:
    """Changes to a case itself are for its own organization only."""
    case = await repository.case_by_id(uow.session, case_id)
    if case is None or not rules.is_member(principal, case.org_id):
        raise NotFound(f"case {case_id} not found")
    return case


async def item_for(uow: UnitOfWork, principal: Principal, item_id: uuid.UUID) -> ItemAccess:
    item = await repository.item_by_id(uow.session, item_id)
    if item is None or item.purged_at is not None:
        raise NotFound(f"evidence {item_id} not found")
    if rules.is_member(principal, item.org_id):
        return ItemAccess(item, "owner")
    holders = [c.id for c in await repository.cases_holding(uow.session, item.id)]
    grants = await repository.active_grants_for(
        uow.session, [item.id, *holders], grantees(principal), now()
    )
    access = rules.best(g.permission for g in grants)
    if access is None or item.deleted_at is not None:
        raise NotFound(f"evidence {item_id} not found")
    return ItemAccess(item, access)


async def owned_item_access(
    uow: UnitOfWork, principal: Principal, item_id: uuid.UUID
) -> ItemAccess:
    """An item of the caller's own organization, with what the caller may do with it."""
    found = await item_for(uow, principal, item_id)
    if found.access != "owner":
        raise NotFound(f"evidence {item_id} not found")
    return found


async def owned_item(uow: UnitOfWork, principal: Principal, item_id: uuid.UUID) -> EvidenceItem:
    return (await owned_item_access(uow, principal, item_id)).item


async def open_link(uow: UnitOfWork, token: str) -> ShareLink:
    link = await repository.share_link_by_hash(uow.session, rules.token_hash(token))
    if link is None or not rules.active(link.expires_at, link.revoked_at, now()):
        raise NotFound("share link not found, expired or revoked")
    return link


async def item_via_link(uow: UnitOfWork, token: str, item_id: uuid.UUID) -> ItemAccess:
    """An item a share link opens: the linked item, or any live item of the linked case."""
    link = await open_link(uow, token)
    item = await repository.item_by_id(uow.session, item_id)
    if item is None or item.deleted_at is not None or item.org_id != link.org_id:
        raise NotFound(f"evidence {item_id} not found")
    if link.object_type == "evidence" and link.object_id != item.id:
        raise NotFound(f"evidence {item_id} not found")
    if link.object_type == "case":
        holders = {c.id for c in await repository.cases_holding(uow.session, item.id)}
        if link.object_id not in holders:
            raise NotFound(f"evidence {item_id} not found")
    return ItemAccess(item, link.permission)  # type: ignore[arg-type]


async def item_for_caller(
    uow: UnitOfWork, principal: Principal | None, item_id: uuid.UUID, share_token: str
) -> ItemAccess:
    if share_token:
        return await item_via_link(uow, share_token, item_id)
    if principal is None:
        raise NotFound(f"evidence {item_id} not found")
    return await item_for(uow, principal, item_id)

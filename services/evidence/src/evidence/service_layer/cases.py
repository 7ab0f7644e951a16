"""Reads of cases and evidence, always within the caller's organization: another org's case
or item is NotFound, exactly like one that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from evidence.adapters import repository
from evidence.adapters.orm import Case, EvidenceItem
from evidence.domain.model import Permission, effective_permission


@dataclass(frozen=True)
class EvidenceView:
    item: EvidenceItem
    permission: Permission


def _view(item: EvidenceItem) -> EvidenceView:
    return EvidenceView(item, effective_permission(item.permission_for_requester, item.request_id))


async def list_cases(uow: UnitOfWork, principal: Principal) -> Sequence[Case]:
    return await repository.cases_of(uow.session, principal.org_id)


async def get_case(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> Case:
    case = await repository.case_of(uow.session, principal.org_id, case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    return case


async def list_case_evidence(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID
) -> list[EvidenceView]:
    case = await get_case(uow, principal, case_id)
    return [_view(item) for item in await repository.items_in(uow.session, case)]


async def get_evidence(
    uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID
) -> EvidenceView:
    item = await repository.item_of(uow.session, principal.org_id, evidence_id)
    if item is None:
        raise NotFound(f"evidence {evidence_id} not found")
    return _view(item)

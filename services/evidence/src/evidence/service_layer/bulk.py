"""Bulk changes to a case's evidence: tags and a retention category on many items at once,
all or nothing, each item checked where it lives and audited on its own (decision 0036)."""

from __future__ import annotations

import uuid

from custody_contracts.principal import Principal
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.adapters import case_items, repository
from evidence.adapters.orm import EvidenceItem
from evidence.domain.bulk import BulkChange
from evidence.service_layer.access import owned_case
from evidence.service_layer.evidence_commands import changed


async def bulk_update(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID, change: BulkChange
) -> list[EvidenceItem]:
    """NotFound for another organization's case, or naming every id that is not a live item
    of this case of the caller's organization; then nothing changes."""
    case = await owned_case(uow, principal, case_id)
    checked = change.checked(await repository.policies_of(uow.session, case.org_id))
    found = await case_items.live_items_locked(
        uow.session, case.id, case.org_id, checked.evidence_ids
    )
    missing = set(checked.evidence_ids) - {item.id for item in found}
    if missing:
        names = ", ".join(sorted(map(str, missing)))
        raise NotFound(f"evidence_ids: not items of case {case.id}: {names}")
    actor, fields = Actor.of(principal), checked.fields()
    by_id = {item.id: item for item in found}
    items = [by_id[item_id] for item_id in checked.evidence_ids]
    for item in items:
        item.tags = checked.tags_of(item.tags)
        item.categories = checked.categories_of(item.categories)
        changed(
            uow, actor, item, "updated", case.id, fields=fields, bulk=True, via_case=str(case.id)
        )
    return items

"""What the case pages ask of the gateway: each function is one page's (or one form's) calls,
made with the session's token."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

import httpx

from web.domain.case_bulk import GridPage
from web.domain.case_filters import CaseFilters
from web.domain.case_form import CaseForm
from web.domain.case_views import CaseView, CaseViews, EvidenceViews
from web.domain.request_settings import People, Person
from web.service_layer import case_bulk as bulk
from web.service_layer.api import Api


async def directory(api: Api, org_id: uuid.UUID | None) -> list[Person]:
    """The organization's people, to pick assignees by name (guests have no directory)."""
    if org_id is None:
        return []
    found: People = await api.get(People, f"/orgs/{org_id}/users")
    return sorted(found.items, key=lambda person: person.display_name.casefold())


async def case_list(api: Api, filters: CaseFilters) -> CaseViews:
    """One page of the list (the shared cases all at once), with the total and next cursor."""
    found: CaseViews = await api.get(CaseViews, "/cases", **filters.api_params())
    if filters.shared:
        found.total = len(found.items)
    return found


@dataclass
class CasePage:
    case: CaseView
    evidence: EvidenceViews  # the grid's page of items, with their total and cursors
    names: dict[uuid.UUID, str]  # the directory's people, by id
    categories: list[str] = field(default_factory=list)  # retention categories (owners only)


async def case_page(
    api: Api, case_id: uuid.UUID, org_id: uuid.UUID | None, grid: GridPage
) -> CasePage:
    """The case, the grid's page of its evidence, and for its own organization the directory
    and the retention categories of the grid's bulk form, all asked side by side."""
    own = org_id is not None
    case, items, people, categories = await asyncio.gather(
        api.get(CaseView, f"/cases/{case_id}"),
        api.get(EvidenceViews, f"/cases/{case_id}/evidence", **grid.api_params()),
        directory(api, org_id),
        bulk.categories(api) if own else _nothing(),
    )
    if case.org_id != org_id:  # shared with the caller: no bulk changes, names not theirs
        return CasePage(case, items, {})
    return CasePage(case, items, {p.id: p.display_name for p in people}, categories)


async def _nothing() -> list[str]:
    return []


async def read_case(api: Api, case_id: uuid.UUID) -> CaseView:
    case: CaseView = await api.get(CaseView, f"/cases/{case_id}")
    return case


async def create(api: Api, form: CaseForm) -> CaseView:
    return CaseView.model_validate(await api.send("POST", "/cases", form.body(creating=True)))


async def update(api: Api, case_id: uuid.UUID, form: CaseForm) -> CaseView:
    body = form.body(creating=False)
    return CaseView.model_validate(await api.send("PATCH", f"/cases/{case_id}", body))


async def set_status(api: Api, case_id: uuid.UUID, status: str, reason: str) -> None:
    await api.send("POST", f"/cases/{case_id}/status", {"status": status, "reason": reason})


async def set_legal_hold(api: Api, case_id: uuid.UUID, on: bool, reason: str) -> None:
    await api.send("PUT", f"/cases/{case_id}/legal-hold", {"on": on, "reason": reason})


async def thumbnail(api: Api, evidence_id: uuid.UUID) -> httpx.Response:
    return await api.raw(f"/evidence/{evidence_id}/thumbnail")

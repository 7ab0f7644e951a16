"""Creating and changing cases; every change is audited and announced in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from custody_contracts.events.evidence import CaseSaved
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, InvalidArgument
from custody_platform.unit_of_work import Actor, UnitOfWork
from sqlalchemy.exc import IntegrityError as DbIntegrityError

from evidence.adapters import repository
from evidence.adapters.clients import Directory
from evidence.adapters.orm import Case
from evidence.domain import access as access_rules
from evidence.domain import cases as rules
from evidence.service_layer.access import now, owned_case
from evidence.service_layer.references import check_assignees


@dataclass(frozen=True)
class CaseInput:
    title: str = ""
    description: str = ""
    incident_at: datetime | None = None
    incident_location: str = ""
    incident_type: str = ""
    department: str = ""
    assignees: list[uuid.UUID] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    custom_fields_json: str = ""

    def values(self, names: frozenset[str]) -> dict[str, Any]:
        """The validated values of the named fields."""
        raw: dict[str, Any] = {
            "title": lambda: rules.check_title(self.title),
            "description": lambda: self.description.strip()[:10_000],
            "incident_at": lambda: self.incident_at,
            "incident_location": lambda: self.incident_location.strip()[:500],
            "incident_type": lambda: self.incident_type.strip()[:100],
            "department": lambda: self.department.strip()[:100],
            "assignees": lambda: list(dict.fromkeys(self.assignees)),
            "tags": lambda: rules.labels(self.tags, "tags"),
            "categories": lambda: rules.labels(self.categories, "categories"),
            "custom_fields": lambda: rules.custom_fields(self.custom_fields_json),
        }
        return {name: raw[name]() for name in names}


def _actor(principal: Principal, source: str | None = None) -> Actor:
    return Actor.of(principal, source)


def case_saved(
    uow: UnitOfWork, case: Case, change: str, principal: Principal, **details: Any
) -> None:
    uow.emit(
        CaseSaved(
            case_id=case.id,
            org_id=case.org_id,
            number=case.number,
            status=case.status,
            legal_hold=case.legal_hold,
            change=change,  # type: ignore[arg-type]
        ),
        subject=f"case/{case.id}",
    )
    uow.audit(
        _actor(principal),
        f"case.{change}",
        object_type="case",
        object_id=case.id,
        org_ids=(case.org_id,),
        number=case.number,
        **details,
    )


async def create_case(
    uow: UnitOfWork, principal: Principal, number: str, fields: CaseInput, directory: Directory
) -> Case:
    org_id = access_rules.member_org(principal)
    values = fields.values(rules.EDITABLE)
    await check_assignees(directory, principal, values["assignees"])
    if number:
        rules.check_number(number)
    else:
        count = await repository.count_cases(uow.session, org_id)
        number = rules.next_number(now().year, count)
    case = Case(org_id=org_id, number=number, created_by=principal.user_id, **values)
    uow.session.add(case)
    try:
        await uow.session.flush()
    except DbIntegrityError:
        raise Conflict(f"case number {number} is taken in this organization") from None
    case_saved(uow, case, "created", principal, title=case.title)
    return case


async def open_incident_case(
    uow: UnitOfWork, principal: Principal, number: str, fields: CaseInput, directory: Directory
) -> tuple[Case, bool]:
    """The organization's case numbered as the CAD incident, created with these fields when
    there is none (True). Concurrent calls agree on one row: the insert does nothing on the
    unique (organization, number), and an existing case is returned unchanged."""
    org_id = access_rules.member_org(principal)
    values = fields.values(rules.EDITABLE)
    rules.check_number(number)
    case, created = await repository.ensure_case(
        uow.session, org_id=org_id, number=number, title=values["title"]
    )
    if created:
        await check_assignees(directory, principal, values["assignees"])
        for name, value in values.items():
            setattr(case, name, value)
        case.created_by = principal.user_id
        case_saved(uow, case, "created", principal, title=case.title, incident=True)
    return case, created


async def update_case(
    uow: UnitOfWork,
    principal: Principal,
    case_id: uuid.UUID,
    fields: CaseInput,
    mask: list[str],
    directory: Directory,
) -> Case:
    """Only the fields the mask names change; assignees added must be members (those already
    assigned stay, even if they have left since)."""
    names = frozenset(mask)
    if not names or not names <= rules.EDITABLE:
        raise InvalidArgument(f"update_mask must name fields among {sorted(rules.EDITABLE)}")
    values = fields.values(names)
    current = await owned_case(uow, principal, case_id)
    if "assignees" in values:
        added = [u for u in values["assignees"] if u not in current.assignees]
        await check_assignees(directory, principal, added)
    case = await _locked_own(uow, principal, case_id)
    for name, value in values.items():
        setattr(case, name, value)
    case.updated_at = now()
    case_saved(uow, case, "updated", principal, fields=sorted(names))
    return case


async def set_status(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID, status: str, reason: str
) -> Case:
    case = await _locked_own(uow, principal, case_id)
    previous = case.status
    rules.ensure_transition(previous, status)
    case.status = status
    if status == "closed":
        case.closed_at = now()
    elif status == "open":
        case.closed_at = None
    case.updated_at = now()
    case_saved(
        uow, case, "status_changed", principal, previous=previous, status=status, note=reason
    )
    return case


async def _locked_own(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> Case:
    await owned_case(uow, principal, case_id)
    case = await repository.locked_case(uow.session, case_id)
    assert case is not None
    return case

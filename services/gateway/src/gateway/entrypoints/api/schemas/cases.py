"""Cases: their fields, status and membership, as the API shows and takes them."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.fields import read_time, timestamp
from pydantic import BaseModel, Field, StringConstraints

from gateway.entrypoints.api.schemas.common import JsonObject, Line, Moment, Name, Text, UniqueIds

CaseStatus = Literal["open", "closed", "archived"]
Label = Annotated[Name, StringConstraints(min_length=1, max_length=100)]  # a tag or category


class CaseFieldsIn(BaseModel):
    """Every field optional: on update, only the fields sent are changed."""

    title: Name | None = Field(default=None, min_length=1, max_length=200)
    description: Text | None = Field(default=None, max_length=10_000)
    incident_at: Moment | None = None
    incident_location: Line | None = Field(default=None, max_length=500)
    incident_type: Line | None = Field(default=None, max_length=100)
    department: Line | None = Field(default=None, max_length=100)
    assignees: UniqueIds | None = Field(default=None, max_length=50)
    tags: list[Label] | None = Field(default=None, max_length=50)
    categories: list[Label] | None = Field(default=None, max_length=20)
    custom_fields: JsonObject | None = Field(default=None, max_length=100)

    def to_proto(self) -> evidence_pb2.CaseFields:
        return evidence_pb2.CaseFields(
            title=self.title or "",
            description=self.description or "",
            incident_location=self.incident_location or "",
            incident_type=self.incident_type or "",
            department=self.department or "",
            assignees=[str(a) for a in self.assignees or []],
            tags=self.tags or [],
            categories=self.categories or [],
            custom_fields_json=json.dumps(self.custom_fields) if self.custom_fields else "",
            incident_at=timestamp(self.incident_at),
        )

    def update_mask(self) -> list[str]:
        return sorted(self.model_fields_set)


class CaseCreate(CaseFieldsIn):
    title: Name = Field(min_length=1, max_length=200)
    number: Name = Field(default="", max_length=100)


class IncidentCaseIn(CaseFieldsIn):
    """A CAD incident's case: its fields when the call creates it (an existing case is
    returned unchanged)."""

    title: Name = Field(min_length=1, max_length=200)


class CaseStatusChange(BaseModel):
    status: CaseStatus
    reason: Text = Field(default="", max_length=2000)


class CasePublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    number: str
    title: str
    status: str
    created_at: datetime | None
    updated_at: datetime | None
    closed_at: datetime | None
    description: str
    incident_at: datetime | None
    incident_location: str
    incident_type: str
    department: str
    assignees: list[uuid.UUID]
    tags: list[str]
    categories: list[str]
    custom_fields: dict[str, Any]
    legal_hold: bool
    permission: str  # the caller's: owner, view, download or contribute


class CasesPublic(BaseModel):
    items: list[CasePublic]
    count: int
    total: int = 0  # cases matching the filters, on every page
    next_cursor: str | None = None  # pass as ?cursor= for the next page


class CaseMembership(BaseModel):
    evidence_id: uuid.UUID


def _custom_fields(raw: str) -> dict[str, Any]:
    value = json.loads(raw) if raw else {}
    return value if isinstance(value, dict) else {}


def case_public(case: evidence_pb2.Case) -> CasePublic:
    return CasePublic(
        id=uuid.UUID(case.id),
        org_id=uuid.UUID(case.org_id),
        number=case.number,
        title=case.title,
        status=case.status,
        created_at=read_time(case, "created_at"),
        updated_at=read_time(case, "updated_at"),
        closed_at=read_time(case, "closed_at"),
        description=case.description,
        incident_at=read_time(case, "incident_at"),
        incident_location=case.incident_location,
        incident_type=case.incident_type,
        department=case.department,
        assignees=[uuid.UUID(a) for a in case.assignees],
        tags=list(case.tags),
        categories=list(case.categories),
        custom_fields=_custom_fields(case.custom_fields_json),
        legal_hold=case.legal_hold,
        permission=case.permission,
    )


def cases_public(response: evidence_pb2.ListCasesResponse) -> CasesPublic:
    items = [case_public(c) for c in response.cases]
    return CasesPublic(
        items=items,
        count=len(items),
        total=response.total,
        next_cursor=response.next_cursor or None,
    )

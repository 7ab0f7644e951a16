"""Cases: fields, search, status, legal hold, and the evidence in them. Evidence scopes
every call by the caller's organization and grants; the gateway only forwards."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import timestamp
from fastapi import APIRouter, Path, Query, Response

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, INVALID, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.routes.evidence import set_legal_hold
from gateway.entrypoints.api.schemas.cases import (
    CaseCreate,
    CaseFieldsIn,
    CaseMembership,
    CasePublic,
    CasesPublic,
    CaseStatusChange,
    IncidentCaseIn,
    case_public,
    cases_public,
)
from gateway.entrypoints.api.schemas.common import Limit, Moment, ParamText
from gateway.entrypoints.api.schemas.evidence import (
    EvidenceItemsPublic,
    EvidencePublic,
    LegalHoldChange,
    LegalHoldPublic,
    evidence_items_public,
    evidence_public,
)

router = APIRouter(prefix="/cases", tags=["cases"], responses=UPSTREAM)
Filter = Annotated[ParamText, Query(max_length=200)]
IncidentNumber = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", max_length=64)]


@router.get("", responses=INVALID)
async def list_cases(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    q: Filter = "",
    status: Filter = "",
    tag: Filter = "",
    department: Filter = "",
    assignee: uuid.UUID | None = None,
    created_from: Moment | None = None,
    created_to: Moment | None = None,
    shared: bool = False,
    limit: Annotated[Limit, Query()] = 50,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> CasesPublic:
    """The organization's cases matching every filter given (``q`` searches number, title and
    description; opened at or after ``created_from``, before ``created_to``), newest first, a
    page of ``limit`` at a time with their ``total``: follow ``next_cursor`` for more.
    ``shared=true`` lists the cases other organizations shared instead (one page)."""
    query = evidence_pb2.ListCasesRequest(
        query=q,
        status=status,
        tag=tag,
        department=department,
        assignee=str(assignee or ""),
        shared=shared,
        created_from=timestamp(created_from),
        created_to=timestamp(created_to),
        limit=limit,
        cursor=cursor,
    )
    found = await upstream.evidence.ListCases(query, metadata=call_metadata(principal))
    return cases_public(found)


@router.post("", status_code=201, responses=CREATE)
async def create_case(
    body: CaseCreate, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CasePublic:
    """The number is generated (e.g. 2026-000042) when none is given; 409 if it is taken."""
    case = await upstream.evidence.CreateCase(
        evidence_pb2.CreateCaseRequest(number=body.number, fields=body.to_proto()),
        metadata=call_metadata(principal),
    )
    return case_public(case)


@router.put(
    "/by-incident/{incident_number}",
    responses=CREATE | {201: {"model": CasePublic, "description": "Created for the incident"}},
)
async def open_incident_case(
    incident_number: IncidentNumber,
    body: IncidentCaseIn,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    response: Response,
) -> CasePublic:
    """The case of a CAD incident: numbered as the incident, created with the body's fields
    (201) unless the organization has it already (200, unchanged). Repeats and concurrent
    calls with one incident number give one case."""
    opened = await upstream.evidence.OpenIncidentCase(
        evidence_pb2.CreateCaseRequest(number=incident_number, fields=body.to_proto()),
        metadata=call_metadata(principal),
    )
    if opened.created:
        response.status_code = 201
    return case_public(opened.case)


@router.get("/{case_id}", responses=NOT_FOUND)
async def read_case(
    case_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CasePublic:
    """A case of the organization, or one shared with the caller."""
    case = await upstream.evidence.GetCase(
        evidence_pb2.GetCaseRequest(id=str(case_id)), metadata=call_metadata(principal)
    )
    return case_public(case)


@router.patch("/{case_id}", responses=CHANGE)
async def update_case(
    case_id: uuid.UUID, body: CaseFieldsIn, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CasePublic:
    """Changes only the fields present in the body."""
    case = await upstream.evidence.UpdateCase(
        evidence_pb2.UpdateCaseRequest(
            id=str(case_id), fields=body.to_proto(), update_mask=body.update_mask()
        ),
        metadata=call_metadata(principal),
    )
    return case_public(case)


@router.post("/{case_id}/status", responses=CHANGE)
async def set_case_status(
    case_id: uuid.UUID, body: CaseStatusChange, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CasePublic:
    """open -> closed -> archived, closed -> open; anything else is 409."""
    case = await upstream.evidence.SetCaseStatus(
        evidence_pb2.SetCaseStatusRequest(id=str(case_id), status=body.status, reason=body.reason),
        metadata=call_metadata(principal),
    )
    return case_public(case)


@router.put("/{case_id}/legal-hold", responses=CHANGE)
async def set_case_legal_hold(
    case_id: uuid.UUID, body: LegalHoldChange, principal: CurrentPrincipal, upstream: UpstreamDep
) -> LegalHoldPublic:
    """While on, no item of the case can be deleted or purged (the object store holds too)."""
    return await set_legal_hold(upstream, principal, "case", case_id, body)


@router.get("/{case_id}/evidence", responses=NOT_FOUND | INVALID)
async def list_case_evidence(
    case_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    include_deleted: bool = False,
    limit: Annotated[Limit, Query()] = 100,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> EvidenceItemsPublic:
    """The case's evidence items, oldest first (soft-deleted ones too with
    ``include_deleted``), a page of ``limit`` at a time with their ``total``: follow
    ``next_cursor`` for more, ``previous_cursor`` to go back a page."""
    query = evidence_pb2.ListCaseEvidenceRequest(
        case_id=str(case_id), include_deleted=include_deleted, limit=limit, cursor=cursor
    )
    found = await upstream.evidence.ListCaseEvidence(query, metadata=call_metadata(principal))
    return evidence_items_public(found)


@router.post("/{case_id}/evidence", responses=CHANGE)
async def add_evidence_to_case(
    case_id: uuid.UUID, body: CaseMembership, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidencePublic:
    """An item of the organization joins another of its cases (it stays in the first)."""
    item = await upstream.evidence.AddEvidenceToCase(
        evidence_pb2.AddEvidenceToCaseRequest(
            evidence_id=str(body.evidence_id), case_id=str(case_id)
        ),
        metadata=call_metadata(principal),
    )
    return evidence_public(item)

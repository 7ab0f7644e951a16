from __future__ import annotations

import uuid

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.schemas.evidence import (
    CasePublic,
    CasesPublic,
    EvidenceItemsPublic,
    case_public,
    cases_public,
    evidence_items_public,
)

router = APIRouter(prefix="/cases", tags=["evidence"])


@router.get("")
async def list_cases(principal: CurrentPrincipal, upstream: UpstreamDep) -> CasesPublic:
    found = await upstream.evidence.ListCases(
        evidence_pb2.ListCasesRequest(), metadata=call_metadata(principal)
    )
    return cases_public(found)


@router.get("/{case_id}")
async def read_case(
    case_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CasePublic:
    case = await upstream.evidence.GetCase(
        evidence_pb2.GetCaseRequest(id=str(case_id)), metadata=call_metadata(principal)
    )
    return case_public(case)


@router.get("/{case_id}/evidence")
async def list_case_evidence(
    case_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidenceItemsPublic:
    found = await upstream.evidence.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=str(case_id)),
        metadata=call_metadata(principal),
    )
    return evidence_items_public(found)

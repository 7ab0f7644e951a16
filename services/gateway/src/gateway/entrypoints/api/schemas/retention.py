"""Retention policies: how long the items of a category are kept after their case closes."""

from __future__ import annotations

from typing import Annotated

from annotated_types import Le
from custody_contracts.grpc import evidence_pb2
from pydantic import BaseModel

from gateway.entrypoints.api.schemas.common import Count


class RetentionPolicyIn(BaseModel):
    days: Annotated[Count, Le(36_500)]


class RetentionPolicyPublic(BaseModel):
    category: str
    days: int


class RetentionPoliciesPublic(BaseModel):
    items: list[RetentionPolicyPublic]
    count: int


def policies_public(
    response: evidence_pb2.ListRetentionPoliciesResponse,
) -> RetentionPoliciesPublic:
    items = [RetentionPolicyPublic(category=p.category, days=p.days) for p in response.policies]
    return RetentionPoliciesPublic(items=items, count=len(items))
